package io.custos.jpa;

/** Field protection through EclipseLink on the local PostgreSQL, in a schema of its own. */
class FieldProtectionPostgresTest extends FieldProtectionContract {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRESQL;
    }
}
