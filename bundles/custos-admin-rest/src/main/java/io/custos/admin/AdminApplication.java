package io.custos.admin;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The JAX-RS application under {@code /api}. It must be {@code @ApplicationScoped} as well, or Payara ignores
 * {@code @LoginConfig} (see {@code PLATFORM-NOTES.md}).
 */
@ApplicationPath("api")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT", realmName = "custos")
@DeclareRoles({Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER, Roles.AUDITOR, Roles.DATA_OPERATOR})
@OpenAPIDefinition(
        info = @Info(title = "Custos admin API", version = "1.0.0",
                description = "Key inventory and lifecycle, approvals, backup, edge grants, protection policy, "
                        + "re-encryption jobs and the tamper-evident audit log. Every method needs a MicroProfile "
                        + "JWT bearer token whose groups hold the listed role; errors are RFC 9457 "
                        + "application/problem+json with a numbered CUSTOS-nnnn message. No endpoint returns key "
                        + "material."),
        security = @SecurityRequirement(name = "jwt"))
@SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class AdminApplication extends Application {
}
