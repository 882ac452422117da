package io.custos.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.security.enterprise.SecurityContext;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Set;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Without a JWT, the default resolver takes the caller and its roles from the Jakarta Security context. */
@EnableWeld
class SecurityContextCallerTest {
    static {
        System.setProperty("custos.policy", "classpath:cdi-test-policy.json");
    }

    static volatile String name = "container-user";
    static volatile Set<String> roles = Set.of();

    /** The container's security context, as Payara would provide it. */
    public static class ContainerSecurity {
        @Produces
        @Singleton // no client proxy: its authenticate(...) method names servlet types absent here
        SecurityContext securityContext() {
            return (SecurityContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SecurityContext.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getCallerPrincipal" -> (Principal) () -> name;
                        case "isCallerInRole" -> roles.contains((String) args[0]);
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "SecurityContext";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addExtension(new CustosExtension())
            .addBeanClasses(SubjectService.class, TestInfrastructure.class, ContainerSecurity.class))
            .build();

    @Inject
    SubjectService service;

    @AfterAll
    static void clear() {
        System.clearProperty("custos.policy");
    }

    @Test
    void containerRoles_decideWhatTheCallerSees() {
        long id = service.create("Gao Yan", "+86 135 2222 3333", null, "site-sec");
        name = "nurse-5";
        roles = Set.of("nurse");
        assertThat(service.find(id).getName()).isEqualTo("G. Y.");
        roles = Set.of("investigator");
        assertThat(service.find(id).getName()).isEqualTo("Gao Yan");
        assertThat(TestInfrastructure.EVENTS).anyMatch(e -> "nurse-5".equals(e.actor()));
    }
}
