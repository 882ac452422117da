package io.custos.cdi.internal;

import io.custos.cdi.CallerResolver;
import io.custos.cdi.CustosExtension;
import io.custos.jpa.Caller;
import io.custos.jpa.policy.ProtectionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The default caller, from what the container authenticated — never from a request header:
 * <ol>
 *   <li>a MicroProfile JWT: its name and {@code groups};</li>
 *   <li>else the Jakarta Security {@code SecurityContext}: the caller principal, and those of the roles
 *       the policy names that {@code isCallerInRole} confirms;</li>
 *   <li>else the container's {@link Principal} with no roles; else {@code anonymous} with no roles.</li>
 * </ol>
 * A caller without roles sees every protected field masked.
 */
@ApplicationScoped
public class DefaultCallerResolver implements CallerResolver {
    private static final boolean JWT_API = present("org.eclipse.microprofile.jwt.JsonWebToken");
    private static final boolean SECURITY_API = present("jakarta.security.enterprise.SecurityContext");

    private final Instance<Object> beans;
    private final Set<String> policyRoles;

    @Inject
    public DefaultCallerResolver(Instance<Object> beans, CustosExtension extension) {
        this.beans = beans;
        this.policyRoles = extension.policy().map(ProtectionPolicy::roles).orElse(Set.of());
    }

    /** Package-private for proxies. */
    DefaultCallerResolver() {
        this.beans = null;
        this.policyRoles = Set.of();
    }

    @Override
    public Caller current() {
        if (JWT_API) {
            Caller fromToken = Jwt.caller(beans);
            if (fromToken != null) {
                return fromToken;
            }
        }
        if (SECURITY_API) {
            Caller fromContext = Security.caller(beans, policyRoles);
            if (fromContext != null) {
                return fromContext;
            }
        }
        Instance<Principal> principal = beans.select(Principal.class);
        if (principal.isResolvable()) {
            Principal p = principal.get();
            if (p != null && p.getName() != null) {
                return new Caller(p.getName(), Set.of(), null);
            }
        }
        return new Caller("anonymous", Set.of(), null);
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, DefaultCallerResolver.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kept apart so that the JWT API is loaded only when it is on the class path. */
    private static final class Jwt {
        static Caller caller(Instance<Object> beans) {
            Instance<org.eclipse.microprofile.jwt.JsonWebToken> jwt =
                    beans.select(org.eclipse.microprofile.jwt.JsonWebToken.class);
            if (!jwt.isResolvable()) {
                return null;
            }
            org.eclipse.microprofile.jwt.JsonWebToken token = jwt.get();
            if (token == null || token.getName() == null) {
                return null;
            }
            Set<String> groups = token.getGroups();
            return new Caller(token.getName(), groups == null ? Set.of() : groups, null);
        }
    }

    /** Kept apart so that the Jakarta Security API is loaded only when it is on the class path. */
    private static final class Security {
        static Caller caller(Instance<Object> beans, Set<String> policyRoles) {
            Instance<jakarta.security.enterprise.SecurityContext> ctx =
                    beans.select(jakarta.security.enterprise.SecurityContext.class);
            if (!ctx.isResolvable()) {
                return null;
            }
            jakarta.security.enterprise.SecurityContext sc = ctx.get();
            Principal p = sc.getCallerPrincipal();
            if (p == null || p.getName() == null) {
                return null;
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String role : policyRoles) {
                if (sc.isCallerInRole(role)) {
                    roles.add(role);
                }
            }
            return new Caller(p.getName(), roles, null);
        }
    }
}
