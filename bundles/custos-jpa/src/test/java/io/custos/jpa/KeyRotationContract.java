package io.custos.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.crypto.CiphertextFormat;
import io.custos.jpa.model.Patient;
import io.custos.jpa.model.Visit;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Search and lazy re-encryption between a key rotation and the end of re-encryption; run on H2 and
 * PostgreSQL by the subclasses. Each test has its own database, since it rotates and destroys keys.
 */
abstract class KeyRotationContract {
    static final KeyScope FIELD_KEY = new KeyScope("acme", DataClass.PATIENT_CLINICAL, null, KeyUsage.FIELD_ENCRYPTION);
    static final KeyScope INDEX_KEY = new KeyScope("acme", DataClass.PATIENT_CLINICAL, null, KeyUsage.BLIND_INDEX);
    static final String CITY = "Rotation City";

    TestDb db;
    Fixture fx;

    abstract TestDb.Kind kind();

    @BeforeEach
    void start() throws Exception {
        db = TestDb.open(kind());
        fx = new Fixture(db, Fixture.testPolicy());
    }

    @AfterEach
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
            Patient p = new Patient(name, nationalId, LocalDate.of(1960, 3, 1), "diagnosis of " + name, CITY);
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

    static KeyReference keyOf(String stored) throws Exception {
        return CiphertextFormat.keyOf(CiphertextFormat.fromText(stored, "?"));
    }

    List<Long> ids(Function<EntityManager, List<? extends Object>> query) {
        fx.evict();
        return fx.read(em -> query.apply(em).stream().map(o -> o instanceof Patient p ? p.getId()
                : ((Visit) o).getPatient().getId()).sorted().toList());
    }

    List<Long> jpql(String where, Object... params) {
        return ids(em -> {
            var q = em.createQuery("SELECT p FROM Patient p WHERE (" + where + ") AND p.city = :city", Patient.class)
                    .setParameter("city", CITY);
            for (int i = 0; i < params.length; i += 2) {
                q.setParameter((String) params[i], params[i + 1]);
            }
            return q.getResultList();
        });
    }

    /** A page of a query ordered by id: paging must survive the rewrite and the prepared-clone path. */
    List<Long> page(String where, Object id, int first, int max) {
        return ids(em -> em.createQuery("SELECT p FROM Patient p WHERE (" + where + ") AND p.city = :city ORDER BY p.id",
                Patient.class).setParameter("city", CITY).setParameter("id", id).setFirstResult(first).setMaxResults(max)
                .getResultList());
    }

    static List<Long> idsOf(Patient... ps) {
        return java.util.Arrays.stream(ps).map(Patient::getId).sorted().toList();
    }

    @Test
    void afterRotation_equalitySearchesFindOldAndNewRowsOnce_andDestroyedVersionsAreSkipped() throws Exception {
        Patient a = persist("Rot Old", "ROT-A");
        Patient b = persist("Rot Other", "ROT-B");
        assertThat(jpql("p.nationalId = :id", "id", "ROT-A")).containsExactlyElementsOf(idsOf(a));
        assertThat(page("p.nationalId <> :id", "ROT-A", 0, 5)).containsExactlyElementsOf(idsOf(b));
        assertThat(page("p.city = :id", CITY, 1, 1)).containsExactlyElementsOf(idsOf(b));
        KeyReference v1 = keyOf(raw("NATIONAL_ID", a.getId()));
        fx.keys.rotate(FIELD_KEY);
        fx.keys.rotate(INDEX_KEY);
        Patient c = persist("Rot New", "ROT-A");
        Patient d = persist("Rot Old", "ROT-D");
        assertThat(keyOf(raw("NATIONAL_ID", c.getId()))).isEqualTo(v1.next());
        assertThat(raw("NATIONAL_ID", c.getId())).isNotEqualTo(raw("NATIONAL_ID", a.getId()));

        // JPQL with a parameter, twice (the second run reuses the parsed query), and with a literal
        assertThat(jpql("p.nationalId = :id", "id", "ROT-A")).containsExactlyElementsOf(idsOf(a, c));
        assertThat(jpql("p.nationalId = :id", "id", "ROT-A")).containsExactlyElementsOf(idsOf(a, c));
        assertThat(jpql(":id = p.nationalId", "id", "ROT-B")).containsExactlyElementsOf(idsOf(b));
        assertThat(jpql("p.nationalId = 'ROT-A'")).containsExactlyElementsOf(idsOf(a, c));
        assertThat(page("p.nationalId = :id", "ROT-A", 0, 1)).containsExactlyElementsOf(idsOf(a));
        assertThat(page("p.nationalId = :id", "ROT-A", 1, 5)).containsExactlyElementsOf(idsOf(c));
        assertThat(jpql("p.nationalId IN :ids", "ids", List.of("ROT-A", "ROT-B"))).containsExactlyElementsOf(idsOf(a, b, c));
        assertThat(jpql("p.nationalId IN ('ROT-B', :d)", "d", "ROT-D")).containsExactlyElementsOf(idsOf(b, d));
        assertThat(jpql("p.nationalId = :id OR p.nationalId = 'ROT-D'", "id", "ROT-B")).containsExactlyElementsOf(idsOf(b, d));
        // <>, NOT IN and NOT keep their meaning
        assertThat(jpql("p.nationalId <> :id", "id", "ROT-A")).containsExactlyElementsOf(idsOf(b, d));
        assertThat(jpql("p.nationalId NOT IN ('ROT-A', 'ROT-D')")).containsExactlyElementsOf(idsOf(b));
        assertThat(jpql("NOT (p.nationalId = :id)", "id", "ROT-A")).containsExactlyElementsOf(idsOf(b, d));
        // Criteria, with a literal and with a parameter
        assertThat(ids(em -> {
            var cb = em.getCriteriaBuilder();
            var q = cb.createQuery(Patient.class);
            var root = q.from(Patient.class);
            return em.createQuery(q.select(root).where(cb.equal(root.get("nationalId"), "ROT-A"))).getResultList();
        })).containsExactlyElementsOf(idsOf(a, c));
        assertThat(ids(em -> {
            var cb = em.getCriteriaBuilder();
            var q = cb.createQuery(Patient.class);
            var root = q.from(Patient.class);
            var param = cb.parameter(String.class, "n");
            return em.createQuery(q.select(root).where(cb.notEqual(root.get("nationalId"), param),
                    cb.equal(root.get("city"), CITY))).setParameter("n", "ROT-A").getResultList();
        })).containsExactlyElementsOf(idsOf(b, d));
        // a report query and a path through a relationship
        Long count = fx.read(em -> em.createQuery("SELECT COUNT(p) FROM Patient p WHERE p.nationalId = :id", Long.class)
                .setParameter("id", "ROT-A").getSingleResult());
        assertThat(count).isEqualTo(2L);
        fx.tx(em -> {
            em.persist(new Visit("rv-a", em.find(Patient.class, a.getId()), "old"));
            em.persist(new Visit("rv-c", em.find(Patient.class, c.getId()), "new"));
            return null;
        });
        assertThat(ids(em -> em.createQuery("SELECT v FROM Visit v WHERE v.patient.nationalId = :id", Visit.class)
                .setParameter("id", "ROT-A").getResultList())).containsExactlyElementsOf(idsOf(a, c));
        // blind index: a row indexed under the old index-key version is found, each row once
        assertThat(ids(em -> fx.runtime().findByBlindIndex(em, Patient.class, "name", "Rot Old")))
                .containsExactlyElementsOf(idsOf(a, d));

        // the old versions destroyed: searches still run, rows under them are simply not found
        fx.tx(em -> em.createQuery("DELETE FROM Visit v").executeUpdate());
        fx.keys.destroy(v1);
        destroyOldIndexVersion();
        assertThat(jpql("p.nationalId = :id", "id", "ROT-A")).containsExactlyElementsOf(idsOf(c));
        assertThat(jpql("p.nationalId IN ('ROT-B', 'ROT-D')")).containsExactlyElementsOf(idsOf(d));
        assertThat(ids(em -> fx.runtime().findByBlindIndex(em, Patient.class, "name", "Rot Old")))
                .containsExactlyElementsOf(idsOf(d));
        // reading a row under the destroyed version fails as before
        assertThatThrownBy(() -> fx.read(em -> em.find(Patient.class, a.getId()).getName()))
                .isInstanceOf(ProtectedValueException.class);
    }

    private void destroyOldIndexVersion() throws Exception {
        KeyReference current = fx.keys.encryptionKey(INDEX_KEY).reference();
        fx.keys.destroy(new KeyReference(current.keyId(), current.version() - 1));
    }

    @Test
    void valueUnderOldVersion_isReencryptedOnTheEntitysNextWrite_withItsBlindIndex() throws Exception {
        Patient p = persist("Lazy Person", "LAZY-1");
        Patient untouched = persist("Quiet Person", "LAZY-2");
        Patient readOnly = persist("Reader Person", "LAZY-3");
        KeyReference v1 = keyOf(raw("NAME", p.getId()));
        String untouchedName = raw("NAME", untouched.getId());
        String readOnlyName = raw("NAME", readOnly.getId());
        String readOnlyIndex = raw("NAME_BIDX", readOnly.getId());
        String oldIndex = raw("NAME_BIDX", p.getId());
        fx.keys.rotate(FIELD_KEY);
        KeyReference index2 = fx.keys.rotate(INDEX_KEY);
        fx.evict();
        fx.tx(em -> {
            Patient loaded = em.find(Patient.class, p.getId());
            assertThat(loaded.getName()).isEqualTo("Lazy Person");
            loaded.setCity("Changed City");
            em.find(Patient.class, readOnly.getId()).getName(); // read, not changed
            return null;
        });
        for (String column : List.of("NAME", "NATIONAL_ID", "BIRTH_DATE", "DIAGNOSIS")) {
            assertThat(keyOf(raw(column, p.getId()))).as(column).isEqualTo(v1.next());
        }
        assertThat(raw("NAME_BIDX", p.getId())).startsWith("b" + index2.keyId() + "v2.").isNotEqualTo(oldIndex);
        Patient back = fresh(p.getId());
        assertThat(back.getName()).isEqualTo("Lazy Person");
        assertThat(back.getNationalId()).isEqualTo("LAZY-1");
        assertThat(back.getDiagnosis()).isEqualTo("diagnosis of Lazy Person");
        assertThat(back.getCity()).isEqualTo("Changed City");
        assertThat(ids(em -> fx.runtime().findByBlindIndex(em, Patient.class, "name", "Lazy Person")))
                .containsExactly(p.getId());
        assertThat(ids(em -> em.createQuery("SELECT p FROM Patient p WHERE p.nationalId = :id", Patient.class)
                .setParameter("id", "LAZY-1").getResultList())).containsExactly(p.getId());
        // entities read but not changed, and entities not read, stay as they were
        assertThat(raw("NAME", readOnly.getId())).isEqualTo(readOnlyName);
        assertThat(raw("NAME_BIDX", readOnly.getId())).isEqualTo(readOnlyIndex);
        assertThat(raw("NAME", untouched.getId())).isEqualTo(untouchedName);
    }

    @Test
    void maskedViewMergedAfterRotation_rewritesTheTrueValueNeverTheMask() throws Exception {
        Patient p = fx.tx(em -> {
            Patient x = new Patient("Masked Person", "MASK-1", LocalDate.of(1970, 1, 1), null, CITY);
            em.persist(x);
            return x;
        });
        KeyReference v1 = keyOf(raw("NAME", p.getId()));
        fx.keys.rotate(FIELD_KEY);
        fx.evict();
        Patient view = fx.read(em -> fx.runtime().view(em.find(Patient.class, p.getId()),
                new Caller("clerk-7", java.util.Set.of("front-desk"), null)));
        assertThat(view.getNationalId()).isEqualTo("****SK-1");
        view.setCity("Merged City");
        fx.tx(em -> em.merge(view));
        Patient back = fresh(p.getId());
        assertThat(back.getNationalId()).isEqualTo("MASK-1");
        assertThat(back.getName()).isEqualTo("Masked Person");
        assertThat(back.getCity()).isEqualTo("Merged City");
        // the merge wrote the entity, so its values moved to the current version: the true ones
        assertThat(keyOf(raw("NATIONAL_ID", p.getId()))).isEqualTo(v1.next());
    }

    @Test
    void lazyReencryptionSwitchedOff_leavesOldVersionsInPlace() throws Exception {
        fx.close();
        fx = new Fixture(db, Fixture.testPolicy(), p -> p.put(CustosSessionCustomizer.REENCRYPT_ON_WRITE, "false"));
        Patient p = persist("Off Person", "OFF-1");
        String name = raw("NAME", p.getId());
        fx.keys.rotate(FIELD_KEY);
        fx.evict();
        fx.tx(em -> {
            em.find(Patient.class, p.getId()).setCity("Elsewhere");
            return null;
        });
        assertThat(raw("NAME", p.getId())).isEqualTo(name);
        assertThat(raw("CITY", p.getId())).isEqualTo("Elsewhere");
    }

    Patient fresh(long id) {
        fx.evict();
        return fx.read(em -> em.find(Patient.class, id));
    }
}
