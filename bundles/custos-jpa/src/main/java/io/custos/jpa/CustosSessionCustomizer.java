package io.custos.jpa;

import io.custos.api.EncryptionMode;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.internal.Auditor;
import io.custos.jpa.internal.EntityProtection;
import io.custos.jpa.internal.EqualitySearch;
import io.custos.jpa.internal.Exports;
import io.custos.jpa.internal.Installer;
import io.custos.jpa.internal.MaskedViews;
import io.custos.jpa.internal.ProtectedFieldMapping;
import io.custos.jpa.internal.QueryGuard;
import io.custos.jpa.internal.Views;
import io.custos.jpa.policy.ProtectionPolicy;
import io.custos.jpa.spi.ProtectionServicesProvider;
import io.custos.spi.ProviderSelection;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * Switches field protection on for a persistence unit. Name it in {@code persistence.xml}:
 *
 * <pre>{@code
 * <property name="eclipselink.session.customizer" value="io.custos.jpa.CustosSessionCustomizer"/>
 * <property name="custos.policy" value="classpath:META-INF/custos-policy.json"/>
 * <property name="custos.services" value="cdi"/>   <!-- or "config" with custos.key-source -->
 * }</pre>
 *
 * Properties: {@code custos.services} (a {@link ProtectionServices} object, or the id of a
 * {@link ProtectionServicesProvider}; default {@code config}), {@code custos.policy} (default
 * {@code classpath:META-INF/custos-policy.json} when present), {@code custos.tenant},
 * {@code custos.widen-ddl} (default: on when the unit generates DDL), {@link #REENCRYPT_ON_WRITE}
 * (default {@code true}).
 *
 * <h2>Security guarantees</h2>
 * Any policy or configuration error stops the deployment with a numbered message. Bind-parameter logging
 * is switched off. Entities with fields of levels that forbid the shared cache are isolated.
 */
public final class CustosSessionCustomizer implements SessionCustomizer {
    public static final String SERVICES = "custos.services";
    public static final String POLICY = "custos.policy";
    public static final String TENANT = "custos.tenant";
    public static final String WIDEN_DDL = "custos.widen-ddl";
    /**
     * Lazy re-encryption ({@code true} by default): a protected value read under an older key version is
     * written under the current version the next time its entity is written anyway.
     */
    public static final String REENCRYPT_ON_WRITE = "custos.reencrypt-on-write";
    static final String DEFAULT_POLICY = "META-INF/custos-policy.json";
    private static final Logger LOG = Logger.getLogger("io.custos.jpa");

    @Override
    public void customize(Session session) throws CryptoException {
        Map<String, Object> properties = properties(session);
        if (session.getSessionLog() != null && session.getSessionLog().shouldDisplayData()) {
            LOG.warning(ErrorCode.LOG_PARAMETERS_FORCED_OFF.format(session.getName()));
        }
        if (session.getSessionLog() != null) {
            session.getSessionLog().setShouldDisplayData(Boolean.FALSE);
        }
        ClassLoader loader = loader(session);
        ProtectionServices services = services(properties, loader);
        ProtectionPolicy policy = services.policy().isPresent() ? services.policy().get() : policy(properties, loader);
        String tenant = properties.get(TENANT) instanceof String t && !t.isBlank() ? t
                : services.tenant().orElse(policy.tenant());
        boolean widen = properties.containsKey(WIDEN_DDL) ? Boolean.parseBoolean(String.valueOf(properties.get(WIDEN_DDL)))
                : services.widenDdl().orElse(generatesDdl(properties));

        boolean reencrypt = !properties.containsKey(REENCRYPT_ON_WRITE)
                || Boolean.parseBoolean(String.valueOf(properties.get(REENCRYPT_ON_WRITE)));

        Auditor auditor = new Auditor(services.audit());
        MaskedViews masked = new MaskedViews();
        Map<Class<?>, EntityProtection> entities =
                new Installer(session, policy, services.crypto(), auditor, masked, tenant, widen, reencrypt).install();
        QueryGuard.Fields fields = (type, attribute) -> {
            EntityProtection p = entities.get(type);
            ProtectedFieldMapping m = p == null ? null : p.fields().get(attribute);
            return m == null ? null : m.codec();
        };
        session.getEventManager().addListener(new QueryGuard(fields, auditor));
        if (policyHasDeterministicFields(entities)) {
            EqualitySearch search = new EqualitySearch(fields);
            search.install(session.getProject().getOrderedDescriptors());
            session.getEventManager().addListener(search.listener());
        }
        AbstractSession abstractSession = (AbstractSession) session;
        ProtectionRuntime runtime = new ProtectionRuntime(session, policy, tenant, entities,
                new Views(abstractSession, entities::get, masked, auditor, tenant),
                new Exports(abstractSession, services.crypto().pseudonymizer(), auditor, tenant));
        session.setProperty(ProtectionRuntime.PROPERTY, runtime);
        services.onStart().accept(runtime);
        LOG.info(() -> "Custos protects " + runtime.protectedFields().size() + " fields of " + entities.size()
                + " entities in persistence unit " + session.getName() + " (policy " + policy.source() + ", tenant "
                + tenant + ")");
    }

    private static boolean policyHasDeterministicFields(Map<Class<?>, EntityProtection> entities) {
        for (EntityProtection p : entities.values()) {
            for (ProtectedFieldMapping m : p.fields().values()) {
                if (m.codec().protector().mode() == EncryptionMode.DETERMINISTIC) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Object> properties(Session session) {
        Map<String, Object> out = new HashMap<>();
        if (session.getProperties() != null) {
            out.putAll(session.getProperties());
        }
        return out;
    }

    private static ProtectionServices services(Map<String, Object> properties, ClassLoader loader) throws CryptoException {
        Object s = properties.getOrDefault(SERVICES, "config");
        if (s instanceof ProtectionServices services) {
            return services;
        }
        ProtectionServicesProvider provider = ProviderSelection.fromServiceLoader("Custos services provider",
                String.valueOf(s), ProtectionServicesProvider.class, loader);
        return provider.services(properties, loader);
    }

    private static ProtectionPolicy policy(Map<String, Object> properties, ClassLoader loader) throws ConfigurationException {
        Object location = properties.get(POLICY);
        if (location instanceof String l && !l.isBlank()) {
            return ProtectionPolicy.load(l, loader);
        }
        if (loader.getResource(DEFAULT_POLICY) != null) {
            return ProtectionPolicy.load("classpath:" + DEFAULT_POLICY, loader);
        }
        String tenant = properties.get(TENANT) instanceof String t ? t : ProtectionPolicy.DEFAULT_TENANT;
        return ProtectionPolicy.empty(tenant);
    }

    private static boolean generatesDdl(Map<String, Object> p) {
        Object el = p.get("eclipselink.ddl-generation");
        Object jpa = p.get("jakarta.persistence.schema-generation.database.action");
        return (el != null && !"none".equalsIgnoreCase(String.valueOf(el)))
                || (jpa != null && !"none".equalsIgnoreCase(String.valueOf(jpa)));
    }

    private static ClassLoader loader(Session session) {
        ClassLoader l = null;
        if (session.getDatasourcePlatform() != null && session.getDatasourcePlatform().getConversionManager() != null) {
            l = session.getDatasourcePlatform().getConversionManager().getLoader();
        }
        if (l == null) {
            l = Thread.currentThread().getContextClassLoader();
        }
        return l != null ? l : CustosSessionCustomizer.class.getClassLoader();
    }
}
