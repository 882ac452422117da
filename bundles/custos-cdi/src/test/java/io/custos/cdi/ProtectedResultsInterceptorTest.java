package io.custos.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.error.ErrorCode;
import io.custos.jpa.Caller;
import io.custos.jpa.FieldAccessDeniedException;
import io.custos.jpa.ProtectedValueException;
import io.custos.spi.AuditEvent;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Set;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The extension binds the interceptor to the bean the policy names; results are masked by the caller's roles. */
@EnableWeld
class ProtectedResultsInterceptorTest {
    static {
        System.setProperty("custos.policy", "classpath:cdi-test-policy.json");
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
            .addExtension(new CustosExtension())
            .addBeanClasses(SubjectService.class, TestInfrastructure.class, TestInfrastructure.TestCaller.class))
            .build();

    @Inject
    SubjectService service;
    @Inject
    TestInfrastructure.TestCaller caller;
    @Inject
    EntityManagerFactory emf;

    @BeforeAll
    static void policy() {
        System.setProperty("custos.policy", "classpath:cdi-test-policy.json");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("custos.policy");
    }

    String rawName(long id) {
        EntityManager em = emf.createEntityManager();
        try {
            return (String) em.createNativeQuery("SELECT NAME FROM SUBJECT WHERE ID = ?").setParameter(1, id).getSingleResult();
        } finally {
            em.close();
        }
    }

    @Test
    void find_unprivilegedCaller_getsMaskedViewWhileDatabaseAndCacheKeepTheTruth() {
        long id = service.create("Wang Fang", "+86 138 0013 8000", null, "site-9");
        caller.set(Caller.of("monitor-2", "monitor"));
        Subject view = service.find(id);
        assertThat(view.getName()).isEqualTo("W. F.");
        assertThat(view.getPhone()).isEqualTo("****8000");
        assertThat(view.getSite()).isEqualTo("site-9");
        assertThat(rawName(id)).startsWith("$cu1$");
        caller.set(Caller.of("dr-zhou", "investigator"));
        assertThat(service.find(id).getName()).isEqualTo("Wang Fang");
    }

    @Test
    void maskedView_changedAndSavedByUnprivilegedCaller_leavesProtectedColumnsIntact() {
        long id = service.create("Chen Jing", "+86 139 1111 2222", null, "site-9");
        String storedName = rawName(id);
        caller.set(Caller.of("coordinator-1", "coordinator"));
        Subject view = service.find(id);
        assertThat(view.getName()).isEqualTo("C. J.");
        assertThat(view.getPhone()).isEqualTo("+86 139 1111 2222"); // coordinators may see the phone
        view.setSite("site-10");
        service.save(view);
        assertThat(rawName(id)).isEqualTo(storedName);
        caller.set(Caller.of("dr-zhou", "investigator"));
        Subject truth = service.find(id);
        assertThat(truth.getName()).isEqualTo("Chen Jing");
        assertThat(truth.getSite()).isEqualTo("site-10");
    }

    @Test
    void listResult_isMaskedElementByElement_andReadsAreAuditedWithoutValues() {
        service.create("Li Na", "+86 137 0000 1234", "allergic to penicillin", "site-list");
        service.create("Zhao Lei", "+86 137 0000 5678", null, "site-list");
        caller.set(new Caller("dr-zhou", Set.of("investigator"), "follow-up"));
        int before = TestInfrastructure.EVENTS.size();
        List<Subject> all = service.bySite("site-list");
        assertThat(all).extracting(Subject::getName).containsExactly("Li Na", "Zhao Lei");
        List<AuditEvent> events = TestInfrastructure.EVENTS.subList(before, TestInfrastructure.EVENTS.size());
        assertThat(events).anyMatch(e -> "Subject.notes".equals(e.target()) && "dr-zhou".equals(e.actor())
                && "follow-up".equals(e.purpose()) && e.outcome() == AuditEvent.Outcome.SUCCESS);
        assertThat(events.toString()).doesNotContain("penicillin").doesNotContain("Li Na");
    }

    @Test
    void refusedField_unprivilegedCaller_isDeniedAndTheDenialAudited() {
        long id = service.create("Sun Yu", "+86 136 0000 0001", "HIV positive", "site-9");
        caller.set(Caller.of("monitor-2", "monitor"));
        assertThatThrownBy(() -> service.find(id))
                .isInstanceOf(FieldAccessDeniedException.class)
                .hasMessageContaining(ErrorCode.FIELD_READ_DENIED.id())
                .hasMessageContaining("Subject.notes of row " + id)
                .hasMessageNotContaining("HIV");
        assertThat(TestInfrastructure.EVENTS).anyMatch(e -> e.outcome() == AuditEvent.Outcome.DENIED
                && "monitor-2".equals(e.actor()) && String.valueOf(id).equals(e.rowId()));
    }

    @Test
    void resultsThatAreNotEntities_passUnchanged() {
        caller.set(Caller.of("monitor-2", "monitor"));
        service.create("Count Me", "+86 100", null, "site-count");
        assertThat(service.count()).isPositive();
    }

    @Test
    void queryGuard_stillRefusesRandomizedEqualityBehindCdi() {
        EntityManager em = emf.createEntityManager();
        try {
            assertThatThrownBy(() -> em.createQuery("SELECT s FROM Subject s WHERE s.name = 'x'").getResultList())
                    .isInstanceOf(ProtectedValueException.class).hasMessageContaining(ErrorCode.QUERY_REFUSED.id());
        } finally {
            em.close();
        }
    }
}
