package io.custos.audit.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Streams a contiguous run of logged events (one canonical line each) and checks, in one pass: canonical
 * form, sequence numbers (deleted, inserted, reordered events), the hash chain ({@code prev}), stored leaf
 * hashes where the store has them, and the Merkle root of every signed checkpoint the run reaches. Needs no
 * database and no secret: only the signing public key. Not thread-safe; one instance per verification.
 *
 * <h2>Security guarantees</h2>
 * A checkpoint counts only if its signature verifies with the given key for the given log name. Problems
 * are reported by position; event contents never enter the report.
 */
public final class LogVerifier {
    private final CompactRange range;
    private final long firstSeq;
    private final List<Checkpoint> pending = new ArrayList<>();
    private final List<String> facts = new ArrayList<>();
    private byte[] prevLeaf;
    private long lastGoodCheckpoint;
    private long checked;
    private int checkpointsVerified;
    private int proofsVerified;
    private String problem;
    private long badPosition = -1;

    /**
     * @param log         the log name the checkpoints must carry
     * @param key         the signing public key
     * @param algorithm   its JCA signature algorithm, e.g. {@code SHA256withECDSA}
     * @param start       the compact range of every event before the run ({@code [0, firstSeq)})
     * @param prevLeaf    the leaf hash of event {@code firstSeq - 1} if known, else {@code null}
     * @param checkpoints every checkpoint to check against (any order)
     */
    public LogVerifier(String log, PublicKey key, String algorithm, CompactRange start, byte[] prevLeaf,
                       List<Checkpoint> checkpoints) {
        this.range = start.copy();
        this.firstSeq = start.size();
        this.lastGoodCheckpoint = firstSeq;
        this.prevLeaf = prevLeaf == null ? (firstSeq == 0 ? CanonicalEvent.NO_PREVIOUS : null) : prevLeaf.clone();
        List<Checkpoint> sorted = new ArrayList<>(checkpoints);
        sorted.sort(Comparator.comparingLong(Checkpoint::size));
        Checkpoint before = null;
        for (Checkpoint c : sorted) {
            if (!c.log().equals(log)) {
                fail(-1, "checkpoint of size " + c.size() + " belongs to log '" + c.log() + "', not '" + log + "'");
                return;
            }
            if (!c.verify(key, algorithm)) {
                fail(-1, "checkpoint of size " + c.size() + " signed at " + c.time()
                        + ": signature does not verify with the signing key");
                return;
            }
            if (before != null && before.size() == c.size()) {
                if (!MessageDigest.isEqual(before.root(), c.root())) {
                    fail(c.size() - 1, "two signed checkpoints of size " + c.size() + " have different roots (fork)");
                    return;
                }
                continue;
            }
            before = c;
            if (c.size() > firstSeq) {
                pending.add(c);
            } else if (c.size() == firstSeq) {
                checkRoot(c);
            }
        }
    }

    /**
     * Checks the next event.
     *
     * @param line      the canonical line (UTF-8, without line feed)
     * @param storedLeaf the leaf hash the store recorded for it, or {@code null} if it has none
     * @return {@code false} once a problem was found (further calls are ignored)
     */
    public boolean accept(byte[] line, byte[] storedLeaf) {
        if (problem != null) {
            return false;
        }
        long expected = range.size();
        CanonicalEvent.Logged logged;
        try {
            logged = CanonicalEvent.parse(new String(line, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return fail(expected, "event at seq " + expected + " is unreadable or not canonical (" + e.getMessage() + ")");
        }
        if (logged.seq() != expected) {
            return fail(expected, "expected seq " + expected + " but found seq " + logged.seq()
                    + " (an event was deleted, inserted or reordered)");
        }
        byte[] leaf = TreeHash.leaf(line);
        if (storedLeaf != null && !MessageDigest.isEqual(storedLeaf, leaf)) {
            return fail(expected, "event seq " + expected + " does not match the leaf hash recorded when it was appended"
                    + " (modified)");
        }
        if (prevLeaf != null && !MessageDigest.isEqual(prevLeaf, logged.prev())) {
            return fail(expected - 1, "the hash chain breaks between seq " + (expected - 1) + " and " + expected
                    + " (event seq " + (expected - 1) + " was modified or replaced)");
        }
        prevLeaf = leaf;
        range.appendLeafHash(leaf);
        checked++;
        while (!pending.isEmpty() && pending.get(0).size() == range.size()) {
            if (!checkRoot(pending.remove(0))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends the compact range of events after the run ({@code [end, to)}, from a proof) and checks the
     * checkpoint of size {@code to} against it.
     *
     * @param levels the level of each node, left to right
     * @param nodes  the node hashes, left to right
     */
    public boolean acceptRightRange(long to, List<Integer> levels, List<byte[]> nodes) {
        if (problem != null) {
            return false;
        }
        try {
            for (int i = 0; i < nodes.size(); i++) {
                range.appendNode(levels.get(i), nodes.get(i));
            }
        } catch (IllegalArgumentException e) {
            return fail(-1, "the proof for events after the range is malformed");
        }
        if (range.size() != to) {
            return fail(-1, "the proof for events after the range ends at " + range.size() + ", not " + to);
        }
        proofsVerified++;
        while (!pending.isEmpty() && pending.get(0).size() == range.size()) {
            if (!checkRoot(pending.remove(0))) {
                return false;
            }
        }
        return true;
    }

    /** Records a proof checked elsewhere (e.g. a consistency proof between two checkpoints). */
    public void proofVerified() {
        proofsVerified++;
    }

    /** Records a problem found elsewhere. */
    public boolean fail(long position, String what) {
        if (problem == null) {
            problem = what;
            badPosition = position;
        }
        return false;
    }

    public void fact(String line) {
        facts.add(line);
    }

    /** The root of every event accepted so far (with the start range). */
    public byte[] root() {
        return range.root();
    }

    /** The size reached so far, i.e. the next expected sequence number. */
    public long size() {
        return range.size();
    }

    /**
     * Ends the run. A signed checkpoint beyond the last event means events were cut off at the tail.
     *
     * @param expectedEnd the sequence number after the last event the run must reach, or {@code -1}
     */
    public VerificationReport finish(long expectedEnd) {
        long end = range.size();
        if (problem == null && expectedEnd >= 0 && end < expectedEnd) {
            fail(end, "truncated: the events stop after seq " + (end - 1) + " but should reach seq " + (expectedEnd - 1));
        }
        if (problem == null && !pending.isEmpty()) {
            Checkpoint c = pending.get(0);
            fail(end, "truncated tail: the checkpoint of size " + c.size() + " signed at " + c.time()
                    + " covers events up to seq " + (c.size() - 1) + " but the events stop after seq " + (end - 1));
        }
        return new VerificationReport(problem == null, problem == null ? -1 : badPosition, problem, checked,
                checkpointsVerified, proofsVerified, facts);
    }

    private boolean checkRoot(Checkpoint c) {
        if (!MessageDigest.isEqual(range.root(), c.root())) {
            long from = Math.max(firstSeq, lastGoodCheckpoint);
            return fail(from, "events seq " + from + ".." + (c.size() - 1) + " do not match the signed checkpoint of size "
                    + c.size() + " (an event in that span was modified, or the range proof is wrong)");
        }
        lastGoodCheckpoint = c.size();
        checkpointsVerified++;
        return true;
    }
}
