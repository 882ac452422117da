package io.custos.admin.internal;

/** {@link AuditQueryTest} on the local PostgreSQL, in a private schema. */
class AuditQueryPostgresTest extends AuditQueryTest {
    @Override
    Stores open() throws Exception {
        return Stores.postgres(dir);
    }
}
