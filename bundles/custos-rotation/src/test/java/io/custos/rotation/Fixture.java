package io.custos.rotation;

import io.custos.api.DataClass;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.crypto.CustosCrypto;
import io.custos.jpa.CustosSessionCustomizer;
import io.custos.jpa.ProtectionRuntime;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.policy.ProtectionPolicy;
import io.custos.rotation.model.Account;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/** A persistence unit with two protected fields over a {@link Db}, a seeded key source, and the rotation API. */
public final class Fixture implements AutoCloseable {
    public static final KeyScope FIELD_SCOPE = new KeyScope("acme", DataClass.CUSTOMER, null, KeyUsage.FIELD_ENCRYPTION);
    public static final long FIELD_KEY = SeededKeySource.keyId(FIELD_SCOPE);

    public final Db db;
    public final SeededKeySource keys;
    public final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    public final AuditSink sink = event -> audit.add(event);
    public final EntityManagerFactory emf;
    public final RotationJobs jobs;

    public Fixture(Db db, long keyVersion) throws Exception {
        this.db = db;
        this.keys = new SeededKeySource(keyVersion);
        Map<String, Object> p = db.jpaProperties();
        p.put(CustosSessionCustomizer.SERVICES, ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(keys).build())
                .audit(event -> { })
                .policy(ProtectionPolicy.load("classpath:rotation-policy.json", Fixture.class.getClassLoader()))
                .build());
        this.emf = Persistence.createEntityManagerFactory("rotation-test", p);
        emf.createEntityManager().close();
        keys.encryptionKey(FIELD_SCOPE);
        this.jobs = RotationJobs.builder().dataSource(db).auditSink(sink).keyCheck((actor, id) -> {
            if (!keys.knows(id)) {
                throw new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, "key " + id);
            }
        }).build();
    }

    public ProtectionRuntime runtime() {
        return ProtectionRuntime.of(emf);
    }

    public RotationEnvironment.Builder env(String instance) {
        return RotationEnvironment.builder().name("env-" + instance).dataSource(db).runtime(runtime())
                .instanceId(instance).lease(Duration.ofSeconds(5)).chunkSize(50).partitionsPerTable(3).threads(2);
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

    /** Persists {@code n} accounts named {@code name-i}, code {@code C-i}, in batches; returns their ids. */
    public List<Long> insert(int n, String prefix) {
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < n; from += 500) {
            int start = from;
            tx(em -> {
                for (int i = start; i < Math.min(n, start + 500); i++) {
                    Account a = new Account(prefix + "-" + i, "C-" + i, "city");
                    em.persist(a);
                    ids.add(a.getId());
                }
                return null;
            });
        }
        return ids;
    }

    /** Stored NAME and CODE of every row, by id. */
    public Map<Long, String[]> stored() throws Exception {
        Map<Long, String[]> out = new java.util.TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT ID, NAME, CODE, NAME_BIDX FROM ROT_ACCOUNT");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.put(r.getLong(1), new String[] {r.getString(2), r.getString(3), r.getString(4)});
            }
        }
        return out;
    }

    public void sql(String sql, Object... args) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    public void each(Consumer<Account> check) {
        EntityManager em = emf.createEntityManager();
        try {
            em.createQuery("SELECT a FROM Account a ORDER BY a.id", Account.class).getResultList().forEach(check);
        } finally {
            em.close();
        }
    }

    @Override
    public void close() throws Exception {
        emf.close();
        db.close();
    }

    static AuditSink failing() {
        return e -> {
            throw new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, "down");
        };
    }
}
