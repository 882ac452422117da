package io.custos.admin.internal;

/** {@link AdminStoreTest} on the local PostgreSQL, in a private schema. */
class AdminStorePostgresTest extends AdminStoreTest {
    @Override
    Stores open() throws Exception {
        return Stores.postgres(dir);
    }
}
