package io.custos.jpa;

/** Field protection through EclipseLink on an in-memory H2 database. */
class FieldProtectionH2Test extends FieldProtectionContract {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
