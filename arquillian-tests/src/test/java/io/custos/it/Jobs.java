package io.custos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The admin API's re-encryption jobs, as the walkthrough drives them (start, watch until a final state). */
final class Jobs {
    static final String PATH = "/custos-admin-rest/api/jobs";
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    private final Http http;

    Jobs(Http http) {
        this.http = http;
    }

    /** Starts a job for {@code keyId} as {@code token}; the raw answer. */
    HttpResponse<String> start(String token, long keyId, String reason, long throttle) {
        return http.post(PATH, token, "{\"keyId\":" + keyId + ",\"reason\":\"" + reason + "\",\"throttle\":" + throttle + "}");
    }

    /** Starts a job and returns its id, failing with the answer if it is refused. */
    String started(String token, long keyId, String reason, long throttle) {
        HttpResponse<String> r = start(token, keyId, reason, throttle);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) Http.object(r).get("jobId");
    }

    Map<String, Object> get(String jobId, String token) {
        HttpResponse<String> r = http.get(PATH + "/" + jobId, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Http.object(r);
    }

    /**
     * Polls the job until it reaches a final state, at most {@code limit}.
     *
     * @throws AssertionError with the last status if it does not
     */
    Map<String, Object> awaitFinal(String jobId, String token, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Object> last = get(jobId, token);
        while (!FINAL.contains((String) last.get("state"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " not finished after " + limit + "; last status " + last);
            }
            Thread.sleep(500);
            last = get(jobId, token);
        }
        return last;
    }

    /**
     * Polls the job until its state is {@code state}, at most {@code limit}.
     *
     * @throws AssertionError with the last status if it is not
     */
    Map<String, Object> awaitState(String jobId, String state, String token, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, Object> last = get(jobId, token);
        while (!state.equals(last.get("state"))) {
            if (System.nanoTime() > deadline || FINAL.contains((String) last.get("state"))) {
                throw new AssertionError("job " + jobId + " not " + state + " within " + limit + "; last status " + last);
            }
            Thread.sleep(200);
            last = get(jobId, token);
        }
        return last;
    }

    static long number(Map<String, Object> job, String field) {
        return ((Number) job.get(field)).longValue();
    }
}
