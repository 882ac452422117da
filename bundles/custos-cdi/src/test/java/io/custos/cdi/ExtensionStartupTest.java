package io.custos.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custos.api.error.ErrorCode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A policy that names a missing bean, or that is invalid, fails the CDI deployment with a numbered error. */
class ExtensionStartupTest {
    @AfterEach
    void clear() {
        System.clearProperty("custos.policy");
    }

    Throwable start(String policy) {
        System.setProperty("custos.policy", policy);
        return catchThrowable(() -> {
            try (WeldContainer c = new Weld("startup-" + System.nanoTime()).disableDiscovery()
                    .addExtension(new CustosExtension())
                    .addBeanClasses(SubjectService.class, TestInfrastructure.class).initialize()) {
                c.select(SubjectService.class).get();
            }
        });
    }

    @Test
    void policyNamingAMissingBean_failsDeployment() {
        Throwable t = start("classpath:cdi-bad-policy.json");
        assertThat(t).isNotNull();
        assertThat(chain(t)).contains(ErrorCode.POLICY_UNKNOWN_BEAN.id()).contains("io.custos.cdi.NoSuchService");
    }

    @Test
    void missingPolicyFile_failsDeployment() {
        Throwable t = start("classpath:no-such-policy.json");
        assertThat(chain(t)).contains(ErrorCode.POLICY_UNREADABLE.id());
    }

    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
            for (Throwable s : c.getSuppressed()) {
                b.append(s.getMessage()).append('\n');
            }
        }
        return b.toString();
    }
}
