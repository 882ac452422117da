package io.custos.audit.verify;

import java.util.List;

/**
 * The outcome of verifying a log or an evidence pack.
 *
 * @param intact              whether every check passed
 * @param firstBadPosition    the sequence number of the first event found bad, or {@code -1} when the log is
 *                            intact or the problem is not one event (e.g. a forged checkpoint)
 * @param problem             what is wrong, with positions, sizes and names only; {@code null} when intact
 * @param eventsChecked       events read
 * @param checkpointsVerified checkpoints whose signature and root both verified
 * @param proofsVerified      consistency and range proofs verified
 * @param facts               what was checked, one line each (log name, range, key fingerprint, …)
 *
 * <h2>Security guarantees</h2>
 * Problems and facts name positions, sizes, names and fingerprints only, never event contents.
 */
public record VerificationReport(boolean intact, long firstBadPosition, String problem, long eventsChecked,
                                 int checkpointsVerified, int proofsVerified, List<String> facts) {
    public VerificationReport {
        facts = List.copyOf(facts);
    }

    /** A readable, multi-line verdict for people. */
    public String verdict() {
        StringBuilder out = new StringBuilder();
        facts.forEach(f -> out.append("  ").append(f).append('\n'));
        out.append("  events checked: ").append(eventsChecked).append(", checkpoints verified: ")
                .append(checkpointsVerified).append(", proofs verified: ").append(proofsVerified).append('\n');
        if (intact) {
            out.append("VERDICT: INTACT - every event, checkpoint signature and proof verified\n");
        } else {
            out.append("VERDICT: BROKEN - ");
            if (firstBadPosition >= 0) {
                out.append("first bad position: seq ").append(firstBadPosition).append(" - ");
            }
            out.append(problem).append('\n');
        }
        return out.toString();
    }
}
