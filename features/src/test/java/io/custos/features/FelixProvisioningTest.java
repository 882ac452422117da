package io.custos.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts Apache Felix with SCR and Configuration Admin, installs every bundle the core feature lists,
 * configures the components by PID and uses the Custos services through the service registry. The Custos
 * bundles are not on this test's class path: every call goes through the bundles' own class loaders.
 */
class FelixProvisioningTest {
    private static final List<String> INFRASTRUCTURE = List.of("org.osgi.util.function-1.2.0.jar", "org.osgi.util.promise-1.3.0.jar",
            "org.osgi.service.component-1.5.1.jar", "org.apache.felix.configadmin-1.9.26.jar", "org.apache.felix.scr-2.2.12.jar");

    @TempDir
    Path tmp;
    private Framework framework;
    private BundleContext context;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("felix-cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void coreFeature_provisionsFelix_andServesFieldProtectionThroughTheRegistry() throws Exception {
        installCoreFeature();
        Bundle spi = bundle("custos-spi");
        // exported with a semantic version of major 1 (minor versions grow with added API; bnd baseline checks them)
        assertThat(spi.getHeaders().get(Constants.EXPORT_PACKAGE)).containsPattern("io\\.custos\\.api;version=\"1\\.\\d+\\.\\d+\"");

        Path passwordFile = tmp.resolve("keystore-password");
        Files.writeString(passwordFile, "felix-test-password");
        configure("io.custos.keysource.memory", Map.of());
        configure("io.custos.crypto", Map.of("keySource.target", "(custos.keysource=memory)", "custos.blindIndexBits", 32));
        configure("io.custos.rootkey.software", Map.of("custos.keystore.path", tmp.resolve("ks.p12").toString(),
                "custos.keystore.password", "file:" + passwordFile, "custos.keystore.create", "true"));

        Object randomized = awaitService("io.custos.api.FieldProtector", "(custos.mode=randomized)");
        Object deterministic = awaitService("io.custos.api.FieldProtector", "(custos.mode=deterministic)");
        assertThat(randomized.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        assertThatThrownBy(() -> Class.forName("io.custos.api.FieldProtector")).isInstanceOf(ClassNotFoundException.class);

        Class<?> contextClass = spi.loadClass("io.custos.api.ProtectionContext");
        Object ctx = contextClass.getMethod("of", String.class, String.class, String.class).invoke(null, "acme", "PATIENT", "NAME");
        Method encryptText = method(randomized, "encryptText");
        Method decryptText = method(randomized, "decryptText");
        String stored = (String) encryptText.invoke(randomized, "Li Wei", ctx);
        assertThat(stored).startsWith("$cu1$").doesNotContain("Li Wei");
        assertThat(decryptText.invoke(randomized, stored, ctx)).isEqualTo("Li Wei");
        String det1 = (String) encryptText.invoke(deterministic, "SN-1", ctx);
        assertThat(encryptText.invoke(deterministic, "SN-1", ctx)).isEqualTo(det1);
        assertThat(decryptText.invoke(deterministic, det1, ctx)).isEqualTo("SN-1");

        Object indexer = awaitService("io.custos.api.BlindIndexer", null);
        assertThat((String) method(indexer, "index").invoke(indexer, "x", ctx)).matches("b\\d+v1\\.[A-Za-z0-9_-]{6}");

        Object root = awaitService("io.custos.spi.RootKeyProvider", "(custos.provider.id=software)");
        Class<?> secretClass = spi.loadClass("io.custos.api.Secret");
        Class<?> refClass = spi.loadClass("io.custos.api.KeyReference");
        Object secret = secretClass.getMethod("copyOf", byte[].class).invoke(null, (Object) new byte[32]);
        Object ref = refClass.getConstructor(long.class, long.class).newInstance(1L, 1L);
        Object sealed = method(root, "seal").invoke(root, secret, ref);
        Object back = method(root, "unseal").invoke(root, sealed, ref);
        assertThat(back.toString()).isEqualTo("Secret[32 bytes]");
    }

    @Test
    void coreFeature_withKmsAndAudit_onAVendorDataSource_encryptsUnderKmsKeysAndAuditsThem() throws Exception {
        installCoreFeature();
        Bundle h2 = context.installBundle(Path.of(System.getProperty("custos.bundles.dir"), "h2-2.3.232.jar").toUri().toString());
        h2.start();
        Object dataSource = h2.loadClass("org.h2.jdbcx.JdbcDataSource").getConstructor().newInstance();
        dataSource.getClass().getMethod("setURL", String.class).invoke(dataSource, "jdbc:h2:mem:custos-felix;DB_CLOSE_DELAY=-1");
        context.registerService(javax.sql.DataSource.class.getName(), dataSource, new Hashtable<>(Map.of("custos.db", "custos")));

        Path passwordFile = tmp.resolve("keystore-password");
        Files.writeString(passwordFile, "felix-kms-password");
        configure("io.custos.rootkey.software", Map.of("custos.keystore.path", tmp.resolve("ks.p12").toString(),
                "custos.keystore.password", "file:" + passwordFile, "custos.keystore.create", "true"));
        configure("io.custos.audit", Map.of("dataSource.target", "(custos.db=custos)", "signer.target", "(custos.provider.id=software)"));
        configure("io.custos.kms", Map.of("dataSource.target", "(custos.db=custos)",
                "rootKeyProvider.target", "(custos.provider.id=software)", "auditSink.target", "(custos.audit=recorder)"));
        configure("io.custos.crypto", Map.of("keySource.target", "(custos.keysource=kms)"));

        Object randomized = awaitService("io.custos.api.FieldProtector", "(custos.mode=randomized)");
        Class<?> contextClass = bundle("custos-spi").loadClass("io.custos.api.ProtectionContext");
        Object ctx = contextClass.getMethod("of", String.class, String.class, String.class).invoke(null, "acme", "PATIENT", "NAME");
        String stored = (String) method(randomized, "encryptText").invoke(randomized, "Zhang Wei", ctx);
        assertThat(method(randomized, "decryptText").invoke(randomized, stored, ctx)).isEqualTo("Zhang Wei");

        try (java.sql.Connection c = ((javax.sql.DataSource) dataSource).getConnection();
             java.sql.Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("select count(*) from kms_key_version")) {
                rs.next();
                assertThat(rs.getInt(1)).as("data key versions in the vendor database").isGreaterThanOrEqualTo(1);
            }
        }
        Object recorder = awaitService("io.custos.spi.AuditSink", "(custos.audit=recorder)");
        Object report = recorder.getClass().getMethod("verify").invoke(recorder);
        assertThat((Boolean) report.getClass().getMethod("intact").invoke(report)).isTrue();
        assertThat((Long) report.getClass().getMethod("eventsChecked").invoke(report)).as("key creation audited").isPositive();
        assertThat(awaitService("io.custos.kms.CustosKms", "(custos.keysource=kms)")).isSameAs(awaitService("io.custos.spi.DataKeySource", "(custos.keysource=kms)"));
    }

    private void installCoreFeature() throws Exception {
        Path bundles = Path.of(System.getProperty("custos.bundles.dir"));
        List<Bundle> installed = new ArrayList<>();
        for (String infra : INFRASTRUCTURE) {
            installed.add(context.installBundle(bundles.resolve(infra).toUri().toString()));
        }
        for (String id : featureBundles("custos-core.json")) {
            String[] gav = id.split(":");
            Path jar = bundles.resolve(gav[1] + "-" + gav[2] + ".jar");
            assertThat(jar).as("bundle %s from the feature", id).exists();
            installed.add(context.installBundle(jar.toUri().toString()));
        }
        for (Bundle b : installed) {
            b.start();
        }
        for (Bundle b : installed) {
            assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
        }
    }

    private List<String> featureBundles(String file) throws Exception {
        try (Reader r = Files.newBufferedReader(Path.of(System.getProperty("custos.features.dir"), file)); JsonReader json = Json.createReader(r)) {
            JsonObject feature = json.readObject();
            assertThat(feature.getString("id")).startsWith("io.custos:custos-features:osgifeature:");
            List<String> ids = new ArrayList<>();
            for (JsonValue v : feature.getJsonArray("bundles")) {
                ids.add(v.asJsonObject().getString("id"));
            }
            return ids;
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " not installed");
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
        assertThat(ref).as("Configuration Admin").isNotNull();
        Object admin = context.getService(ref);
        Object configuration = admin.getClass().getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
        Dictionary<String, Object> props = new Hashtable<>(values);
        configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, props);
    }

    private Object awaitService(String type, String filter) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            ServiceReference<?>[] refs = context.getServiceReferences(type, filter);
            if (refs != null && refs.length > 0) {
                return context.getService(refs[0]);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " " + filter + " service within 30 s");
    }

    private static Method method(Object target, String name) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                for (Method m : i.getMethods()) {
                    if (m.getName().equals(name)) {
                        return m;
                    }
                }
            }
        }
        throw new AssertionError("no method " + name + " on " + target.getClass());
    }
}
