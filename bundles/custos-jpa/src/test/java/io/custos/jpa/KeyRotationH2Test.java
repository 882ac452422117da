package io.custos.jpa;

/** Search and lazy re-encryption across key versions on an in-memory H2 database. */
class KeyRotationH2Test extends KeyRotationContract {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.H2;
    }
}
