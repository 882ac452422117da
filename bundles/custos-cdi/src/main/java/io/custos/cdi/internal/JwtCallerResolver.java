package io.custos.cdi.internal;

import io.custos.cdi.CallerResolver;
import io.custos.jpa.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.security.Principal;
import java.util.Set;

/**
 * The default caller: name and {@code groups} of the MicroProfile JWT when there is one, else the
 * container's principal with no roles (so every protected field is masked). Never trusts a header.
 */
@ApplicationScoped
public class JwtCallerResolver implements CallerResolver {
    private static final boolean JWT_API = present("org.eclipse.microprofile.jwt.JsonWebToken");

    private final Instance<Object> beans;

    @Inject
    public JwtCallerResolver(Instance<Object> beans) {
        this.beans = beans;
    }

    @Override
    public Caller current() {
        if (JWT_API) {
            Caller fromToken = Jwt.caller(beans);
            if (fromToken != null) {
                return fromToken;
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
            Class.forName(name, false, JwtCallerResolver.class.getClassLoader());
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
}
