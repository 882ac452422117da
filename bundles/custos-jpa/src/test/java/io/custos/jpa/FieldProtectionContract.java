package io.custos.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.ErrorCode;
import io.custos.jpa.model.Device;
import io.custos.jpa.model.Patient;
import io.custos.spi.AuditEvent;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.persistence.EntityManager;
import java.util.Set;
import org.eclipse.persistence.config.CacheIsolationType;
import org.eclipse.persistence.jpa.JpaHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The behaviour every database must show; run on H2 and PostgreSQL by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FieldProtectionContract {
    static final String NAME = "Zhang Xiuying";
    static final String NATIONAL_ID = "110105194912310025";
    static final String DIAGNOSIS = "stage II hypertension, under trial CT-2026-07";

    TestDb db;
    Fixture fx;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws Exception {
        db = TestDb.open(kind());
        fx = new Fixture(db, Fixture.testPolicy());
    }

    @AfterAll
    void stop() throws Exception {
        if (fx != null) {
            fx.close();
        }
        if (db != null) {
            db.close();
        }
    }

    Patient persist(String name, String nationalId) {
        return fx.tx(em -> {
            Patient p = new Patient(name, nationalId, LocalDate.of(1949, 12, 31), DIAGNOSIS, "Beijing");
            em.persist(p);
            return p;
        });
    }

    String raw(String column, long id) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM PATIENT WHERE ID = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    void sql(String statement, Object... args) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    Patient fresh(long id) {
        fx.evict();
        return fx.read(em -> em.find(Patient.class, id));
    }

    @Test
    void persist_protectedFields_rawColumnsHoldOnlyCiphertext() throws Exception {
        Patient p = persist(NAME, NATIONAL_ID);
        for (String column : List.of("NAME", "NATIONAL_ID", "BIRTH_DATE", "DIAGNOSIS")) {
            String stored = raw(column, p.getId());
            assertThat(stored).startsWith("$cu1$").doesNotContain("Zhang").doesNotContain("1949")
                    .doesNotContain("hypertension").doesNotContain("0025");
        }
        assertThat(raw("CITY", p.getId())).isEqualTo("Beijing");
        assertThat(raw("NAME_BIDX", p.getId())).matches("b\\d+v\\d+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void find_afterCacheEviction_returnsTrueValues() {
        Patient p = persist(NAME, NATIONAL_ID);
        Patient back = fresh(p.getId());
        assertThat(back.getName()).isEqualTo(NAME);
        assertThat(back.getNationalId()).isEqualTo(NATIONAL_ID);
        assertThat(back.getBirthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(back.getDiagnosis()).isEqualTo(DIAGNOSIS);
    }

    @Test
    void update_protectedField_reencryptsAndReadsBack() throws Exception {
        Patient p = persist(NAME, NATIONAL_ID);
        String before = raw("NAME", p.getId());
        fx.tx(em -> {
            em.find(Patient.class, p.getId()).setName("Zhang Wei");
            return null;
        });
        assertThat(raw("NAME", p.getId())).startsWith("$cu1$").isNotEqualTo(before);
        assertThat(fresh(p.getId()).getName()).isEqualTo("Zhang Wei");
    }

    @Test
    void jpqlEquality_onDeterministicField_findsTheRow() {
        Patient p = persist(NAME, "DET-" + System.nanoTime());
        List<Patient> found = fx.read(em -> em.createQuery("SELECT p FROM Patient p WHERE p.nationalId = :id", Patient.class)
                .setParameter("id", p.getNationalId()).getResultList());
        assertThat(found).extracting(Patient::getId).containsExactly(p.getId());
        List<Patient> literal = fx.read(em -> em.createQuery(
                "SELECT p FROM Patient p WHERE p.nationalId IN :ids", Patient.class)
                .setParameter("ids", List.of(p.getNationalId(), "nobody")).getResultList());
        assertThat(literal).extracting(Patient::getId).containsExactly(p.getId());
    }

    @Test
    void jpqlEquality_onRandomizedField_isRefusedPointingToDeterministicOrBlindIndex() {
        assertThatThrownBy(() -> fx.read(em -> em.createQuery("SELECT p FROM Patient p WHERE p.name = :n", Patient.class)
                .setParameter("n", NAME).getResultList()))
                .hasMessageContaining(ErrorCode.QUERY_REFUSED.id())
                .hasMessageContaining("Patient.name")
                .hasMessageContaining("deterministic")
                .hasMessageContaining("findByBlindIndex")
                .hasMessageNotContaining(NAME);
    }

    @Test
    void orderByLikeAndRange_onProtectedFields_areRefused() {
        assertThatThrownBy(() -> fx.read(em -> em.createQuery("SELECT p FROM Patient p ORDER BY p.nationalId", Patient.class)
                .getResultList())).hasMessageContaining(ErrorCode.QUERY_REFUSED.id()).hasMessageContaining("ORDER BY");
        assertThatThrownBy(() -> fx.read(em -> em.createQuery("SELECT p FROM Patient p WHERE p.nationalId LIKE '1101%'",
                Patient.class).getResultList())).hasMessageContaining("LIKE").hasMessageNotContaining("1101");
        assertThatThrownBy(() -> fx.read(em -> em.createQuery("SELECT p FROM Patient p WHERE p.birthDate > :d",
                Patient.class).setParameter("d", LocalDate.of(1950, 1, 1)).getResultList()))
                .hasMessageContaining("Patient.birthDate");
        assertThatThrownBy(() -> fx.read(em -> em.createQuery("SELECT p.name FROM Patient p", String.class)
                .getResultList())).hasMessageContaining("selecting it as a column");
        assertThat(fx.audit.events).anyMatch(e -> e.outcome() == AuditEvent.Outcome.DENIED && "query".equals(e.action()));
    }

    @Test
    void criteriaPathsSubqueriesAndFunctions_onProtectedFields_areRefusedToo() {
        assertThatThrownBy(() -> fx.read(em -> {
            var cb = em.getCriteriaBuilder();
            var q = cb.createQuery(Patient.class);
            var root = q.from(Patient.class);
            return em.createQuery(q.select(root).orderBy(cb.asc(root.get("name")))).getResultList();
        })).hasMessageContaining(ErrorCode.QUERY_REFUSED.id()).hasMessageContaining("ORDER BY");
        assertThatThrownBy(() -> fx.read(em -> em.createQuery(
                "SELECT v FROM Visit v WHERE v.patient.name = :n", io.custos.jpa.model.Visit.class)
                .setParameter("n", NAME).getResultList())).hasMessageContaining("Patient.name");
        assertThatThrownBy(() -> fx.read(em -> em.createQuery(
                "SELECT v FROM Visit v WHERE EXISTS (SELECT p FROM Patient p WHERE p.diagnosis LIKE '%x%')",
                io.custos.jpa.model.Visit.class).getResultList())).hasMessageContaining("Patient.diagnosis");
        assertThatThrownBy(() -> fx.read(em -> em.createQuery(
                "SELECT p FROM Patient p WHERE UPPER(p.nationalId) = 'X'", Patient.class).getResultList()))
                .hasMessageContaining("Patient.nationalId");
        // deterministic equality through a relationship path is fine
        Patient p = persist(NAME, "PATH-" + System.nanoTime());
        fx.tx(em -> {
            em.persist(new io.custos.jpa.model.Visit("v-" + p.getId(), em.find(Patient.class, p.getId()), "checkup"));
            return null;
        });
        List<io.custos.jpa.model.Visit> visits = fx.read(em -> em.createQuery(
                "SELECT v FROM Visit v WHERE v.patient.nationalId = :id", io.custos.jpa.model.Visit.class)
                .setParameter("id", p.getNationalId()).getResultList());
        assertThat(visits).extracting(io.custos.jpa.model.Visit::getId).containsExactly("v-" + p.getId());
        // row-bound values read through a joined row decrypt with the right row id
        fx.evict();
        io.custos.jpa.model.Visit joined = fx.read(em -> em.createQuery(
                "SELECT v FROM Visit v JOIN FETCH v.patient WHERE v.id = :id", io.custos.jpa.model.Visit.class)
                .setParameter("id", "v-" + p.getId()).getSingleResult());
        assertThat(joined.getPatient().getName()).isEqualTo(NAME);
        assertThat(joined.getPatient().getDiagnosis()).isEqualTo(DIAGNOSIS);
    }

    @Test
    void nullChecksAndUnprotectedOrdering_stillWork() {
        Patient p = persist(NAME, NATIONAL_ID);
        fx.tx(em -> {
            em.find(Patient.class, p.getId()).setCity("NullCheck");
            return null;
        });
        List<Patient> r = fx.read(em -> em.createQuery(
                "SELECT p FROM Patient p WHERE p.diagnosis IS NOT NULL AND p.city = 'NullCheck' ORDER BY p.city, p.id",
                Patient.class).getResultList());
        assertThat(r).extracting(Patient::getId).containsExactly(p.getId());
        Long count = fx.read(em -> em.createQuery("SELECT COUNT(p.nationalId) FROM Patient p", Long.class).getSingleResult());
        assertThat(count).isPositive();
    }

    @Test
    void blindIndexSearch_onRandomizedField_findsExactlyTheMatches() {
        String unique = "Blind Search " + System.nanoTime();
        Patient a = persist(unique, "BI-1");
        persist(unique + "x", "BI-2");
        List<Patient> found = fx.read(em -> fx.runtime().findByBlindIndex(em, Patient.class, "name", unique));
        assertThat(found).extracting(Patient::getId).containsExactly(a.getId());
        assertThatThrownBy(() -> fx.read(em -> fx.runtime().findByBlindIndex(em, Patient.class, "diagnosis", "x")))
                .hasMessageContaining(ErrorCode.BLIND_INDEX_MISSING.id());
    }

    @Test
    void bitFlipInColumn_isCaughtOnReadNamingEntityFieldAndRow() throws Exception {
        Patient p = persist(NAME, NATIONAL_ID);
        String stored = raw("NAME", p.getId());
        char[] chars = stored.toCharArray();
        int i = chars.length - 10;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        sql("UPDATE PATIENT SET NAME = ? WHERE ID = ?", new String(chars), p.getId());
        assertThatThrownBy(() -> fresh(p.getId()))
                .isInstanceOf(ProtectedValueException.class)
                .hasMessageContaining(ErrorCode.FIELD_UNREADABLE.id())
                .hasMessageContaining("Patient.name of row " + p.getId())
                .hasMessageContaining(ErrorCode.DECRYPTION_FAILED.id())
                .hasMessageNotContaining(NAME)
                .satisfies(e -> assertThat(((ProtectedValueException) e).rootCode()).isEqualTo(ErrorCode.DECRYPTION_FAILED));
        assertThat(fx.audit.events).anyMatch(e -> e.outcome() == AuditEvent.Outcome.FAILED
                && "Patient.name".equals(e.target()) && String.valueOf(p.getId()).equals(e.rowId()));
    }

    @Test
    void valueSwappedBetweenRows_isCaughtAsMoved() throws Exception {
        Patient a = persist("Swap A", NATIONAL_ID);
        Patient b = persist("Swap B", NATIONAL_ID);
        sql("UPDATE PATIENT SET DIAGNOSIS = ? WHERE ID = ?", raw("DIAGNOSIS", a.getId()), b.getId());
        assertThatThrownBy(() -> fresh(b.getId()))
                .isInstanceOf(ProtectedValueException.class)
                .hasMessageContaining("Patient.diagnosis of row " + b.getId())
                .satisfies(e -> assertThat(((ProtectedValueException) e).rootCode()).isEqualTo(ErrorCode.CONTEXT_MISMATCH));
    }

    @Test
    void legacyPlaintext_isReadable_andEncryptedOnTheNextWrite() throws Exception {
        Patient p = persist(NAME, NATIONAL_ID);
        sql("UPDATE PATIENT SET DIAGNOSIS = ? WHERE ID = ?", "legacy: asthma since 2001", p.getId());
        fx.evict();
        fx.tx(em -> {
            Patient loaded = em.find(Patient.class, p.getId());
            assertThat(loaded.getDiagnosis()).isEqualTo("legacy: asthma since 2001");
            loaded.setCity("Tianjin");
            return null;
        });
        assertThat(raw("DIAGNOSIS", p.getId())).startsWith("$cu1$").doesNotContain("asthma");
        assertThat(fresh(p.getId()).getDiagnosis()).isEqualTo("legacy: asthma since 2001");
        // a column whose policy does not accept legacy values refuses them
        sql("UPDATE PATIENT SET NAME = ? WHERE ID = ?", "Plain Name", p.getId());
        assertThatThrownBy(() -> fresh(p.getId())).hasMessageContaining(ErrorCode.LEGACY_PLAINTEXT_REFUSED.id())
                .hasMessageNotContaining("Plain Name");
    }

    @Test
    void maskedView_changedAndMergedByUnprivilegedCaller_leavesProtectedColumnIntact() throws Exception {
        Patient p = fx.tx(em -> {
            Patient x = new Patient(NAME, NATIONAL_ID, LocalDate.of(1949, 12, 31), null, "Beijing");
            em.persist(x);
            return x;
        });
        String storedName = raw("NAME", p.getId());
        Caller clerk = Caller.of("clerk-7", "front-desk");
        Patient view = fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()), clerk));
        assertThat(view.getName()).isEqualTo("Z. X.");
        assertThat(view.getNationalId()).isEqualTo("****0025");
        assertThat(view.getBirthDate()).isNull();
        view.setCity("Shanghai");
        fx.tx(em -> em.merge(view));
        assertThat(raw("NAME", p.getId())).isEqualTo(storedName);
        Patient back = fresh(p.getId());
        assertThat(back.getCity()).isEqualTo("Shanghai");
        assertThat(back.getName()).isEqualTo(NAME);
        assertThat(back.getNationalId()).isEqualTo(NATIONAL_ID);
        assertThat(back.getBirthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        // the managed entity (and the cache) were never masked
        String managedName = fx.read(em -> em.find(Patient.class, p.getId()).getName());
        assertThat(managedName).isEqualTo(NAME);
    }

    @Test
    void view_refusedFieldForUnprivilegedCaller_failsAndIsAudited() {
        Patient p = persist(NAME, NATIONAL_ID);
        int before = fx.audit.events.size();
        assertThatThrownBy(() -> fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()),
                Caller.of("clerk-7", "front-desk"))))
                .isInstanceOf(FieldAccessDeniedException.class)
                .hasMessageContaining(ErrorCode.FIELD_READ_DENIED.id())
                .hasMessageContaining("Patient.diagnosis of row " + p.getId())
                .hasMessageContaining("clinician")
                .hasMessageNotContaining("hypertension");
        assertThat(fx.audit.events.subList(before, fx.audit.events.size()))
                .anyMatch(e -> e.outcome() == AuditEvent.Outcome.DENIED && "Patient.diagnosis".equals(e.target())
                        && "clerk-7".equals(e.actor()));
    }

    @Test
    void view_privilegedCaller_seesPlaintextAndEachReadIsAuditedWithPurpose() {
        Patient p = persist(NAME, NATIONAL_ID);
        Caller doctor = new Caller("dr-li", Set.of("clinician"), "treatment");
        int before = fx.audit.events.size();
        Patient view = fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()), doctor));
        assertThat(view.getName()).isEqualTo(NAME);
        assertThat(view.getDiagnosis()).isEqualTo(DIAGNOSIS);
        List<AuditEvent> reads = new ArrayList<>(fx.audit.events.subList(before, fx.audit.events.size()));
        assertThat(reads).extracting(AuditEvent::target)
                .contains("Patient.name", "Patient.nationalId", "Patient.birthDate", "Patient.diagnosis");
        assertThat(reads).allMatch(e -> "dr-li".equals(e.actor()) && "treatment".equals(e.purpose())
                && String.valueOf(p.getId()).equals(e.rowId()) && e.outcome() == AuditEvent.Outcome.SUCCESS);
        assertThat(reads.toString()).doesNotContain(NAME).doesNotContain("hypertension");
    }

    @Test
    void view_auditSinkDown_failsClosedWithoutPlaintext() {
        Patient p = persist(NAME, NATIONAL_ID);
        fx.audit.down = true;
        try {
            assertThatThrownBy(() -> fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()),
                    Caller.of("dr-li", "clinician"))))
                    .isInstanceOf(ProtectedValueException.class)
                    .hasMessageContaining(ErrorCode.AUDIT_UNAVAILABLE.id())
                    .hasMessageNotContaining(NAME);
        } finally {
            fx.audit.down = false;
        }
    }

    @Test
    void export_csv_pseudonymisesIdentifiersConsistentlyAndMasksWhatTheCallerMayNotSee() {
        Patient a = persist("Export Person", "EXP-00001234");
        Patient b = persist("Export Person", "EXP-00005678");
        List<Patient> rows = fx.read(em -> List.of(em.find(Patient.class, a.getId()), em.find(Patient.class, b.getId())));
        Caller analyst = new Caller("analyst-3", Set.of("reporting"), "reconciliation");
        StringWriter first = new StringWriter();
        fx.runtime().export(Patient.class, rows, List.of("id", "name", "nationalId", "city"), Set.of("id"),
                ExportFormat.CSV, analyst, first);
        String[] lines = first.toString().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,name,nationalId,city");
        String[] r1 = lines[1].split(",");
        String[] r2 = lines[2].split(",");
        assertThat(r1[0]).startsWith("ps_").isNotEqualTo(r2[0]);
        assertThat(r1[1]).startsWith("ps_").isEqualTo(r2[1]); // same name, same token
        assertThat(r1[2]).isEqualTo("****1234");
        assertThat(first.toString()).doesNotContain("Export Person").doesNotContain(String.valueOf(a.getId()) + ",");
        StringWriter again = new StringWriter();
        fx.runtime().export(Patient.class, rows, List.of("id", "name"), Set.of("id"), ExportFormat.JSON, analyst, again);
        assertThat(again.toString()).contains("\"name\":\"" + r1[1] + "\"");
        StringWriter otherPurpose = new StringWriter();
        fx.runtime().export(Patient.class, rows, List.of("name"), Set.of(), ExportFormat.CSV,
                analyst.withPurpose("research"), otherPurpose);
        assertThat(otherPurpose.toString()).doesNotContain(r1[1]);
        assertThat(fx.audit.events).anyMatch(e -> "export".equals(e.action()) && "reconciliation".equals(e.purpose())
                && "2".equals(e.details().get("rows")));
        assertThatThrownBy(() -> fx.runtime().export(Patient.class, rows, List.of("name"), Set.of(), ExportFormat.CSV,
                Caller.of("analyst-3"), new StringWriter())).hasMessageContaining(ErrorCode.EXPORT_DENIED.id());
    }

    @Test
    void annotatedIdentityEntity_isProtectedDeterministicallyWithoutRowBinding() throws Exception {
        Device d = fx.tx(em -> {
            Device x = new Device("SN-2026-000123", "Infusion pump");
            em.persist(x);
            return x;
        });
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SERIAL_NO FROM DEVICE WHERE ID = " + d.getId())) {
            r.next();
            assertThat(r.getString(1)).startsWith("$cu1$").doesNotContain("000123");
        }
        fx.evict();
        Device found = fx.read(em -> em.createQuery("SELECT d FROM Device d WHERE d.serialNo = :s", Device.class)
                .setParameter("s", "SN-2026-000123").getSingleResult());
        assertThat(found.getId()).isEqualTo(d.getId());
        assertThat(fx.runtime().field(Device.class, "serialNo")).get()
                .satisfies(f -> assertThat(f.mask()).hasToString("LAST4"));
    }

    @Test
    void tenantOfTheEntityManager_isBoundIntoCiphertexts() {
        Map<String, Object> tenantB = Map.of("eclipselink.tenant-id", "tenant-b");
        EntityManager em = fx.emf.createEntityManager(tenantB);
        Patient p = new Patient("Tenant B Person", "TB-1", LocalDate.of(1990, 1, 1), null, "Xi'an");
        em.getTransaction().begin();
        em.persist(p);
        em.getTransaction().commit();
        em.close();
        fx.evict();
        EntityManager again = fx.emf.createEntityManager(tenantB);
        assertThat(again.find(Patient.class, p.getId()).getName()).isEqualTo("Tenant B Person");
        again.close();
        // the unit's own tenant cannot read tenant B's values: they are bound to another tenant
        assertThatThrownBy(() -> fresh(p.getId())).isInstanceOf(ProtectedValueException.class)
                .hasMessageContaining("Patient.");
    }

    @Test
    void binaryField_isStoredAsBinaryCiphertextAndReadBack() throws Exception {
        byte[] scan = "ECG-trace:0102030405".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Patient p = fx.tx(em -> {
            Patient x = new Patient("Scan Person", "SC-1", LocalDate.of(1980, 5, 5), null, "Chengdu");
            x.setScan(scan);
            em.persist(x);
            return x;
        });
        try (Connection c = db.connect();
             PreparedStatement s = c.prepareStatement("SELECT SCAN FROM PATIENT WHERE ID = ?")) {
            s.setLong(1, p.getId());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                byte[] stored = r.getBytes(1);
                assertThat(stored[0]).isEqualTo((byte) 0xCE);
                assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("ECG-trace");
            }
        }
        assertThat(fresh(p.getId()).getScan()).isEqualTo(scan);
        Patient view = fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()), Caller.of("clerk")));
        assertThat(view.getScan()).isNull();
    }

    @Test
    void criticalEntity_isKeptOutOfTheSharedCache() {
        assertThat(JpaHelper.getServerSession(fx.emf).getClassDescriptor(Patient.class).getCachePolicy()
                .getCacheIsolation()).isEqualTo(CacheIsolationType.ISOLATED);
        assertThat(JpaHelper.getServerSession(fx.emf).getClassDescriptor(Device.class).getCachePolicy()
                .getCacheIsolation()).isNotEqualTo(CacheIsolationType.ISOLATED);
    }

}
