package io.custos.rotation.smoke;

import io.custos.api.DataClass;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.CustosSessionCustomizer;
import io.custos.jpa.ProtectionRuntime;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.policy.ProtectionPolicy;
import io.custos.kms.Actor;
import io.custos.kms.Role;
import io.custos.rotation.RotationEnvironment;
import io.custos.rotation.RotationJob;
import io.custos.rotation.RotationJobs;
import io.custos.rotation.RotationWorker;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Manual check that custos-reencrypt runs under Payara's own Jakarta Batch runtime (JBatch): GET /smoke loads
 * 300 rows, rotates the key, runs a job through RotationWorker (BatchRuntime.getJobOperator() = JBatch) and
 * reports the job and how many stored values are under the new version.
 */
@WebServlet("/smoke")
public class SmokeServlet extends HttpServlet {
    private static final String POLICY = "{\"policyVersion\":1,\"tenant\":\"acme\",\"entities\":{\"SmokeRow\":{"
            + "\"name\":{\"class\":\"CUSTOMER\",\"blindIndex\":true},\"code\":{\"class\":\"CUSTOMER\",\"mode\":\"DETERMINISTIC\"}}}}";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        try {
            resp.getWriter().println(run());
        } catch (Exception e) {
            e.printStackTrace();
            resp.setStatus(500);
            resp.getWriter().println("FAILED " + e);
        }
    }

    private String run() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        String url = "jdbc:h2:mem:smoke" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        ds.setURL(url);
        InMemoryKeySource keys = new InMemoryKeySource();
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.driver", "org.h2.Driver");
        p.put("jakarta.persistence.jdbc.user", "");
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.session-name", "smoke-" + System.nanoTime());
        p.put(CustosSessionCustomizer.SERVICES, ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(keys).build()).audit(e -> { })
                .policy(ProtectionPolicy.parse("smoke", POLICY)).build());
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("smoke", p);
        try {
            EntityManager em = emf.createEntityManager();
            em.getTransaction().begin();
            for (long i = 1; i <= 300; i++) {
                em.persist(new SmokeRow(i, "name-" + i, "C-" + i));
            }
            em.getTransaction().commit();
            em.close();
            KeyScope scope = new KeyScope("acme", DataClass.CUSTOMER, null, KeyUsage.FIELD_ENCRYPTION);
            var v2 = keys.rotate(scope);
            RotationJobs jobs = RotationJobs.builder().dataSource(ds).auditSink(e -> { }).build();
            RotationEnvironment env = RotationEnvironment.builder().name("smoke").dataSource(ds)
                    .runtime(ProtectionRuntime.of(emf)).instanceId("payara").chunkSize(50).build();
            RotationJob job = jobs.start(Actor.of("smoke", Role.KEY_CUSTODIAN), v2.keyId(), "payara smoke", 0);
            try (RotationWorker worker = new RotationWorker(env, 1)) {
                long end = System.currentTimeMillis() + 90_000;
                while (System.currentTimeMillis() < end && jobs.job(job.jobId()).orElseThrow().state().live()) {
                    worker.pollOnce();
                    Thread.sleep(200);
                }
            }
            int current = 0;
            int total = 0;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT NAME, CODE FROM SMOKE_ROW")) {
                while (r.next()) {
                    for (int i = 1; i <= 2; i++) {
                        total++;
                        if (CiphertextFormat.keyOf(CiphertextFormat.fromText(r.getString(i), "c")).equals(v2)) {
                            current++;
                        }
                    }
                }
            }
            EntityManager check = emf.createEntityManager();
            String name = check.find(SmokeRow.class, 7L).getName();
            check.close();
            return "runtime " + jakarta.batch.runtime.BatchRuntime.getJobOperator().getClass().getName() + "\n"
                    + jobs.job(job.jobId()).orElseThrow() + "\ncurrent values " + current + " of " + total
                    + "\nrow 7 name " + name;
        } finally {
            emf.close();
        }
    }
}
