package io.custos.admin.internal;

import io.custos.kms.Actor;
import io.custos.kms.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request as the KMS sees it: the token's name and the token groups that are KMS
 * roles. Groups that are not Custos roles are ignored.
 */
@RequestScoped
public class Caller {
    @Inject
    JsonWebToken jwt;

    /**
     * The acting principal and its roles.
     *
     * @throws NotAuthorizedException if the request carries no verified token or its name is unusable
     */
    public Actor actor() {
        String name = jwt == null ? null : jwt.getName();
        if (name == null) {
            throw new NotAuthorizedException("Bearer");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Set<String> groups = jwt.getGroups();
        if (groups != null) {
            for (Role r : Role.values()) {
                if (groups.contains(r.id())) {
                    roles.add(r);
                }
            }
        }
        try {
            return new Actor(name, roles);
        } catch (IllegalArgumentException e) {
            throw new NotAuthorizedException("Bearer");
        }
    }
}
