package com.example.deviceerp.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The ERP's REST API. Its data lives in the server's JDBC resource {@code jdbc/custos} (see persistence.xml),
 * a database shared with the key-management service. Callers present a MicroProfile JWT bearer token (audience
 * {@code device-erp}; issuer and public key from the server's configuration); without one they are anonymous.
 */
@ApplicationPath("/api")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT")
public class ErpApplication extends Application {
}
