package io.custos.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.admin.spi.JobStatus;
import io.custos.admin.spi.ReencryptionJobs;
import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.kms.Role;
import io.custos.rotation.RotationJobException;
import io.custos.rotation.RotationJobs;
import io.custos.spi.AuditEvent;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.Config;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The WAR's implementation of the jobs seam over the rotation module's control plane (H2), driven through the
 * resource: jobs are queued for the applications' workers, shown with their progress fields, and refused with
 * numbered errors mapped to HTTP statuses.
 */
class RotationJobsBeanTest {
    private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

    private RotationJobsBean bean(boolean enabled) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:jobs-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        RotationJobsBean bean = new RotationJobsBean();
        bean.jobs = RotationJobs.builder().dataSource(ds).auditSink(audit::add).build();
        bean.config = (Config) Proxy.newProxyInstance(Config.class.getClassLoader(), new Class<?>[] {Config.class},
                (proxy, method, args) -> "getOptionalValue".equals(method.getName())
                        && RotationJobsBean.ENABLED.equals(args[0]) ? Optional.of(enabled) : Optional.empty());
        return bean;
    }

    @Test
    void start_custodian_queuedJobListedWithProgressFields() throws Exception {
        RotationJobsBean bean = bean(true);
        JobsResource r = resource(bean);
        JobStatus started = r.start(new JobStartBody(7L, "after rotation", 500L));
        assertThat(started.state()).isEqualTo("QUEUED");
        assertThat(started.throttle()).isEqualTo(500);
        assertThat(started.total()).isEqualTo(-1);
        assertThat(started.rowsLeft()).isEqualTo(-1);
        assertThat(started.secondsLeft()).isEqualTo(-1);
        assertThat(started.startedBy()).isEqualTo("alice");
        assertThat(r.list().available()).isTrue();
        assertThat(r.list().jobs()).extracting(JobStatus::jobId).containsExactly(started.jobId());
        assertThat(r.get(started.jobId()).requested()).isEqualTo("RUN");
        assertThat(bean.throttle(Actor.of("omar", Role.SECURITY_OFFICER), started.jobId(), 50).throttle()).isEqualTo(50);
        assertThat(r.pause(started.jobId()).state()).isEqualTo("PAUSED");
        assertThat(r.resume(started.jobId()).state()).isEqualTo("QUEUED");
        assertThat(r.cancel(started.jobId()).state()).isEqualTo("CANCELLED");
        assertThat(audit).extracting(AuditEvent::action).contains("reencrypt-start", "reencrypt-throttle",
                "reencrypt-pause", "reencrypt-resume", "reencrypt-cancel");
    }

    @Test
    void errors_mapToStatuses() throws Exception {
        RotationJobsBean bean = bean(true);
        JobsResource r = resource(bean);
        r.start(new JobStartBody(7L, "first", null));
        RotationJobException running = (RotationJobException) thrown(() -> r.start(new JobStartBody(7L, "again", null)));
        assertThat(running.getMessage()).startsWith("CUSTOS-8001");
        assertThat(RotationProblems.status(running)).isEqualTo(409);
        RotationJobException unknown = (RotationJobException) thrown(() -> r.pause("no-such-job"));
        assertThat(RotationProblems.status(unknown)).isEqualTo(404);
        CryptoException duty = (CryptoException) thrown(() -> bean.start(Actor.of("ada", Role.AUDITOR),
                new io.custos.admin.spi.JobRequest(7, "auditor")));
        assertThat(Problems.status(duty)).isEqualTo(403);
        RotationJobException finished = (RotationJobException) thrown(() -> bean.throttle(
                Actor.of("carla", Role.KEY_CUSTODIAN), r.cancel(r.list().jobs().get(0).jobId()).jobId(), 10));
        assertThat(RotationProblems.status(finished)).isEqualTo(409);
    }

    @Test
    void switchedOff_listUnavailableAndChanges7005() throws Exception {
        JobsResource r = resource(bean(false));
        assertThat(r.list().available()).isFalse();
        assertThat(r.list().note()).contains(RotationJobsBean.ENABLED);
        assertThatThrownBy(() -> r.start(new JobStartBody(7L, "off", null))).hasMessageStartingWith("CUSTOS-7005");
    }

    private static JobsResource resource(ReencryptionJobs impl) {
        JobsResource r = new JobsResource();
        r.implementations = new JobsResourceTest.ListInstance(List.of(impl));
        r.caller = new Caller();
        r.caller.jwt = new JobsResourceTest.Token("alice", Set.of(Role.KEY_CUSTODIAN.id()));
        return r;
    }

    interface Call {
        Object run() throws Exception;
    }

    private static Throwable thrown(Call call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing thrown");
    }
}
