package io.custos.audit;

import io.custos.audit.testing.Databases;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Every test of {@link AuditRecorderTest} again, on PostgreSQL in a private schema. */
class PostgresTamperTest extends AuditRecorderTest {
    private PGSimpleDataSource pg;
    private String schema;

    @Override
    protected DataSource newDataSource() throws Exception {
        pg = Databases.postgres();
        schema = Databases.newSchema(pg);
        pg.setCurrentSchema(schema);
        return pg;
    }

    @Override
    protected void dropDataSource() throws Exception {
        Databases.dropSchema(pg, schema);
    }
}
