package io.custos.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.admin.spi.JobRequest;
import io.custos.admin.spi.JobStatus;
import io.custos.admin.spi.ReencryptionJobs;
import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.kms.Role;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The jobs seam without a server: with no implementation the list says unavailable and every call is CUSTOS-7005;
 * with one, calls reach it with the caller as {@link Actor}. The implementation here is a recording test double;
 * the real one is the rotation module's.
 */
class JobsResourceTest {

    /** Records what the resource passes on. */
    static final class Recording implements ReencryptionJobs {
        final List<String> calls = new ArrayList<>();

        private JobStatus status(String id, String state) {
            return new JobStatus(id, 7, state, 40, 100, "alice", Instant.EPOCH, Instant.EPOCH, null);
        }

        @Override
        public List<JobStatus> jobs() {
            return List.of(status("j1", "RUNNING"));
        }

        @Override
        public Optional<JobStatus> job(String jobId) {
            return "j1".equals(jobId) ? Optional.of(status("j1", "RUNNING")) : Optional.empty();
        }

        @Override
        public JobStatus start(Actor actor, JobRequest request) {
            calls.add("start " + actor.principal() + " " + actor.roles() + " key " + request.keyId() + " " + request.reason());
            return status("j2", "STARTING");
        }

        @Override
        public JobStatus pause(Actor actor, String jobId) {
            calls.add("pause " + actor.principal() + " " + jobId);
            return status(jobId, "PAUSED");
        }

        @Override
        public JobStatus resume(Actor actor, String jobId) {
            calls.add("resume " + actor.principal() + " " + jobId);
            return status(jobId, "RUNNING");
        }

        @Override
        public JobStatus throttle(Actor actor, String jobId, long rowsPerSecond) {
            calls.add("throttle " + actor.principal() + " " + jobId + " " + rowsPerSecond);
            return status(jobId, "RUNNING");
        }

        @Override
        public JobStatus cancel(Actor actor, String jobId) {
            calls.add("cancel " + actor.principal() + " " + jobId);
            return status(jobId, "CANCELLED");
        }
    }

    @Test
    void withoutAnImplementation_listSaysUnavailable_andChangesAre7005() throws Exception {
        JobsResource r = resource(List.of());
        Dto.JobsView view = r.list();
        assertThat(view.available()).isFalse();
        assertThat(view.note()).contains("custos-rotation");
        assertThatThrownBy(() -> r.start(new JobStartBody(7L, "after rotation", null)))
                .isInstanceOf(CryptoException.class).hasMessageStartingWith("CUSTOS-7005");
        assertThatThrownBy(() -> r.pause("j1")).hasMessageStartingWith("CUSTOS-7005");
        assertThatThrownBy(() -> r.resume("j1")).hasMessageStartingWith("CUSTOS-7005");
        assertThatThrownBy(() -> r.cancel("j1")).hasMessageStartingWith("CUSTOS-7005");
        assertThatThrownBy(() -> r.throttle("j1", new JobThrottleBody(10L))).hasMessageStartingWith("CUSTOS-7005");
        assertThat(Problems.status((CryptoException) catchThrown(() -> r.get("j1")))).isEqualTo(503);
    }

    @Test
    void withOneImplementation_callsReachItWithTheCallersActor() throws Exception {
        Recording impl = new Recording();
        JobsResource r = resource(List.of(impl));
        assertThat(r.list().available()).isTrue();
        assertThat(r.list().jobs()).extracting(JobStatus::processed).containsExactly(40L);
        assertThat(r.get("j1").state()).isEqualTo("RUNNING");
        assertThat(r.start(new JobStartBody(7L, "after rotation", null)).state()).isEqualTo("STARTING");
        assertThat(r.pause("j1").state()).isEqualTo("PAUSED");
        assertThat(r.resume("j1").state()).isEqualTo("RUNNING");
        assertThat(r.throttle("j1", new JobThrottleBody(250L)).state()).isEqualTo("RUNNING");
        assertThat(r.cancel("j1").state()).isEqualTo("CANCELLED");
        assertThat(impl.calls).containsExactly("start alice [KEY_CUSTODIAN] key 7 after rotation", "pause alice j1",
                "resume alice j1", "throttle alice j1 250", "cancel alice j1");
    }

    @Test
    void throttleValue_negativeOrAboveTheMaximum_isRefused_zeroAndTheMaximumPass() {
        assertThat(JobsResource.throttleProblem("rowsPerSecond", -1)).contains("rowsPerSecond", "1000000");
        assertThat(JobsResource.throttleProblem("rowsPerSecond", JobsResource.MAX_THROTTLE + 1)).isNotNull();
        assertThat(JobsResource.throttleProblem("rowsPerSecond", 0)).isNull();
        assertThat(JobsResource.throttleProblem("rowsPerSecond", JobsResource.MAX_THROTTLE)).isNull();
    }

    @Test
    void withTwoImplementations_nothingIsChosen() {
        JobsResource r = resource(List.of(new Recording(), new Recording()));
        assertThatThrownBy(() -> r.pause("j1")).hasMessageStartingWith("CUSTOS-7005").hasMessageContaining("several");
    }

    private static Throwable catchThrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing thrown");
    }

    private static JobsResource resource(List<ReencryptionJobs> impls) {
        JobsResource r = new JobsResource();
        r.implementations = new ListInstance(impls);
        r.caller = new Caller();
        r.caller.jwt = new Token("alice", Set.of(Role.KEY_CUSTODIAN.id(), "unrelated-group"));
        return r;
    }

    /** A token as the container would inject it after verification. */
    record Token(String getName, Set<String> getGroups) implements JsonWebToken {
        @Override
        public Set<String> getClaimNames() {
            return Set.of("upn", "groups");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String name) {
            return (T) ("upn".equals(name) ? getName : null);
        }
    }

    /** {@link Instance} over a fixed list, as CDI resolves it. */
    static final class ListInstance implements Instance<ReencryptionJobs> {
        private final List<ReencryptionJobs> beans;

        ListInstance(List<ReencryptionJobs> beans) {
            this.beans = beans;
        }

        @Override
        public ReencryptionJobs get() {
            if (beans.size() != 1) {
                throw new IllegalStateException("unsatisfied or ambiguous");
            }
            return beans.get(0);
        }

        @Override
        public boolean isUnsatisfied() {
            return beans.isEmpty();
        }

        @Override
        public boolean isAmbiguous() {
            return beans.size() > 1;
        }

        @Override
        public Iterator<ReencryptionJobs> iterator() {
            return beans.iterator();
        }

        @Override
        public Instance<ReencryptionJobs> select(Annotation... qualifiers) {
            return this;
        }

        @Override
        public <U extends ReencryptionJobs> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <U extends ReencryptionJobs> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void destroy(ReencryptionJobs instance) {
        }

        @Override
        public Handle<ReencryptionJobs> getHandle() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Iterable<? extends Handle<ReencryptionJobs>> handles() {
            throw new UnsupportedOperationException();
        }
    }
}
