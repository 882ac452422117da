package io.custos.jpa;

/** Search and lazy re-encryption across key versions on the local PostgreSQL, in a schema of its own. */
class KeyRotationPostgresTest extends KeyRotationContract {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRESQL;
    }
}
