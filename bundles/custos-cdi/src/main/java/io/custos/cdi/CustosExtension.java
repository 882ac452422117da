package io.custos.cdi;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.cdi.internal.CustosProducers;
import io.custos.cdi.internal.DefaultCallerResolver;
import io.custos.cdi.internal.PolicyLoader;
import io.custos.cdi.internal.ProtectedResultsInterceptor;
import io.custos.jpa.policy.ProtectionPolicy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Reads the protection policy at start-up ({@code custos.policy} from MicroProfile Config or a system
 * property, else {@code META-INF/custos-policy.json}), binds {@link ProtectedResults} to every bean class
 * the policy lists under {@code beans}, registers Custos' own beans, and reports a bad policy or a listed
 * bean that does not exist as a deployment problem.
 */
public class CustosExtension implements Extension {
    private static final Logger LOG = Logger.getLogger("io.custos.cdi");

    private ProtectionPolicy policy;
    private ConfigurationException problem;
    private final Set<String> bound = new LinkedHashSet<>();

    void register(@Observes BeforeBeanDiscovery bbd, BeanManager bm) {
        try {
            policy = PolicyLoader.load().orElse(null);
        } catch (ConfigurationException e) {
            problem = e;
        }
        for (Class<?> type : new Class<?>[] {ProtectedResultsInterceptor.class, DefaultCallerResolver.class,
                RuntimeRegistry.class, CustosProducers.class}) {
            bbd.addAnnotatedType(bm.createAnnotatedType(type), CustosExtension.class.getName() + "#" + type.getName());
        }
    }

    <T> void bind(@Observes ProcessAnnotatedType<T> pat) {
        if (policy == null) {
            return;
        }
        String name = pat.getAnnotatedType().getJavaClass().getName();
        if (policy.beans().contains(name) && !bound.contains(name)) {
            pat.configureAnnotatedType().add(ProtectedResults.Literal.INSTANCE);
            bound.add(name);
        }
    }

    void validate(@Observes AfterDeploymentValidation adv) {
        if (problem != null) {
            adv.addDeploymentProblem(problem);
            return;
        }
        if (policy == null) {
            return;
        }
        for (String name : policy.beans()) {
            if (!bound.contains(name)) {
                adv.addDeploymentProblem(new ConfigurationException(ErrorCode.POLICY_UNKNOWN_BEAN, policy.source(), name));
            }
        }
        LOG.info(() -> "Custos masks and audits the results of " + bound.size() + " beans: " + String.join(", ", bound));
    }

    /** The policy the extension read, if any. */
    public Optional<ProtectionPolicy> policy() {
        return Optional.ofNullable(policy);
    }
}
