package io.custos.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custos.jpa.model.Patient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * Runs writes, reads, refused queries, tampered reads and denied views with every log at its most
 * verbose (EclipseLink SQL included, bind-parameter logging requested), and checks that no test secret
 * appears in any log record, exception message, cause chain or audit event.
 */
class SecretLeakTest {
    static final String SECRET_NAME = "Secretname Qwertyuiop";
    static final String SECRET_ID = "SECRETID-77441199";
    static final String SECRET_DIAGNOSIS = "secretdiagnosis-zebra-lantern";

    @Test
    void everyPath_withVerboseLogging_neverLeaksValues() throws Exception {
        List<String> logs = new ArrayList<>();
        SimpleFormatter formatter = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(formatter.format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        Logger.getLogger("org.eclipse.persistence").setLevel(Level.ALL);
        List<Throwable> errors = new ArrayList<>();
        try (TestDb db = TestDb.open(TestDb.Kind.H2);
             Fixture fx = new Fixture(db, Fixture.testPolicy(), p -> {
                 p.put("eclipselink.logging.level", "FINEST");
                 p.put("eclipselink.logging.level.sql", "FINEST");
                 p.put("eclipselink.logging.parameters", "true");
             })) {
            Patient p = fx.tx(em -> {
                Patient x = new Patient(SECRET_NAME, SECRET_ID, LocalDate.of(1977, 4, 4), SECRET_DIAGNOSIS, "Wuhan");
                em.persist(x);
                return x;
            });
            fx.read(em -> em.createQuery("SELECT p FROM Patient p WHERE p.nationalId = :id", Patient.class)
                    .setParameter("id", SECRET_ID).getResultList());
            errors.add(catchThrowable(() -> fx.read(em -> em.createQuery(
                    "SELECT p FROM Patient p WHERE p.name = '" + SECRET_NAME + "'", Patient.class).getResultList())));
            errors.add(catchThrowable(() -> fx.read(em -> em.createQuery(
                    "SELECT p FROM Patient p WHERE p.nationalId LIKE :x", Patient.class)
                    .setParameter("x", SECRET_ID + "%").getResultList())));
            errors.add(catchThrowable(() -> fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()),
                    Caller.of("nobody")))));
            try (Connection c = db.connect();
                 PreparedStatement s = c.prepareStatement("UPDATE PATIENT SET DIAGNOSIS = CONCAT(DIAGNOSIS, 'A') WHERE ID = ?")) {
                s.setLong(1, p.getId());
                s.executeUpdate();
            }
            fx.evict();
            errors.add(catchThrowable(() -> fx.read(em -> em.find(Patient.class, p.getId()))));
            fx.audit.events.forEach(e -> logs.add(e.toString()));
        } finally {
            root.removeHandler(capture);
            root.setLevel(rootLevel);
        }
        assertThat(errors).hasSize(4).doesNotContainNull();
        assertThat(logs).anyMatch(l -> l.contains("CUSTOS-1114"));
        assertThat(logs).anyMatch(l -> l.contains("INSERT INTO PATIENT"));
        StringBuilder all = new StringBuilder();
        logs.forEach(l -> all.append(l).append('\n'));
        for (Throwable t : errors) {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            all.append(w);
            for (Throwable c = t; c != null; c = c.getCause()) {
                all.append(c).append('\n');
            }
        }
        String text = all.toString();
        assertThat(text).contains("CUSTOS-1201").contains("CUSTOS-6002").contains("CUSTOS-1301");
        assertThat(text).doesNotContain(SECRET_NAME).doesNotContain("Qwertyuiop").doesNotContain(SECRET_ID)
                .doesNotContain("77441199").doesNotContain(SECRET_DIAGNOSIS).doesNotContain("zebra");
    }
}
