package io.custos.jpa;

import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.policy.ProtectionPolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** An entity manager factory over a {@link TestDb} with Custos switched on. */
public final class Fixture implements AutoCloseable {
    public final TestDb db;
    public final InMemoryKeySource keys = new InMemoryKeySource();
    public final MemoryAuditSink audit = new MemoryAuditSink();
    public final EntityManagerFactory emf;

    public Fixture(TestDb db, ProtectionPolicy policy) {
        this(db, policy, p -> { });
    }

    public Fixture(TestDb db, ProtectionPolicy policy, Consumer<Map<String, Object>> extra) {
        this.db = db;
        Map<String, Object> p = db.jpaProperties();
        p.put(CustosSessionCustomizer.SERVICES, ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(keys).build())
                .audit(audit)
                .policy(policy)
                .build());
        extra.accept(p);
        this.emf = Persistence.createEntityManagerFactory("custos-test", p);
        emf.createEntityManager().close(); // deploy now, so configuration errors surface here
    }

    public static ProtectionPolicy testPolicy() throws Exception {
        return ProtectionPolicy.load("classpath:test-policy.json", Fixture.class.getClassLoader());
    }

    public ProtectionRuntime runtime() {
        return ProtectionRuntime.of(emf);
    }

    public <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /** Forgets every cached entity, so the next read goes to the database. */
    public void evict() {
        emf.getCache().evictAll();
    }

    @Override
    public void close() {
        emf.close();
    }
}
