package com.example.deviceerp.api;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The ERP's REST API. Its own embedded H2 datasource, reachable only inside the JVM (no TCP server),
 * rather than the server's default one. Callers present a MicroProfile JWT bearer token (audience
 * {@code device-erp}; issuer and public key from the server's configuration); without one they are anonymous.
 */
@ApplicationPath("/api")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
@DataSourceDefinition(name = "java:app/jdbc/deviceErp", className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:mem:device-erp;DB_CLOSE_DELAY=-1", user = "sa", password = "")
public class ErpApplication extends Application {
}
