package io.custos.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.function.Function;

/** Business code: knows nothing of Custos. The policy lists it under "beans". */
@ApplicationScoped
public class SubjectService {
    @Inject
    EntityManagerFactory emf;

    public Long create(String name, String phone, String notes, String site) {
        return tx(em -> {
            Subject s = new Subject(name, phone, notes, site);
            em.persist(s);
            return s;
        }).getId();
    }

    public Subject find(long id) {
        EntityManager em = emf.createEntityManager();
        try {
            return em.find(Subject.class, id);
        } finally {
            em.close();
        }
    }

    public List<Subject> bySite(String site) {
        EntityManager em = emf.createEntityManager();
        try {
            return em.createQuery("SELECT s FROM Subject s WHERE s.site = :site ORDER BY s.id", Subject.class)
                    .setParameter("site", site).getResultList();
        } finally {
            em.close();
        }
    }

    public Subject save(Subject changed) {
        return tx(em -> em.merge(changed));
    }

    public long count() {
        EntityManager em = emf.createEntityManager();
        try {
            return em.createQuery("SELECT COUNT(s) FROM Subject s", Long.class).getSingleResult();
        } finally {
            em.close();
        }
    }

    private <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T r = work.apply(em);
            em.getTransaction().commit();
            return r;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
