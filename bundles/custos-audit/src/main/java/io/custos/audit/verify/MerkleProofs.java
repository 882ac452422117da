package io.custos.audit.verify;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Inclusion and consistency proofs of RFC 9162 §2.1.3 and §2.1.4: generation over a source of leaf hashes,
 * and verification that needs only the proof, the sizes and the signed roots.
 *
 * <h2>Security guarantees</h2>
 * Verification follows the RFC's algorithms exactly and compares hashes in constant time; a proof of the
 * wrong length or for the wrong sizes is rejected, never "best effort" accepted.
 */
public final class MerkleProofs {

    /** Where generation reads hashes from. */
    @FunctionalInterface
    public interface LeafSource {
        /**
         * The leaf hash at {@code index}.
         *
         * @throws IllegalStateException if that leaf is not available (e.g. archived)
         */
        byte[] leafHash(long index);
    }

    private final LeafSource leaves;
    private final long archivedSize;
    private final List<byte[]> archivedNodes;

    /**
     * @param leaves   the leaf hashes at and after {@code archived.size()}
     * @param archived the compact range of leaves no longer available one by one (empty if none)
     */
    public MerkleProofs(LeafSource leaves, CompactRange archived) {
        this.leaves = leaves;
        this.archivedSize = archived.size();
        this.archivedNodes = archived.nodes();
    }

    /** The root of {@code [0, size)}. */
    public byte[] root(long size) {
        return size == 0 ? TreeHash.empty() : hash(0, size);
    }

    /**
     * PATH(m, D[n]) of RFC 9162 §2.1.3.1.
     *
     * @throws IllegalArgumentException if {@code index >= size}
     * @throws IllegalStateException    if the proof needs hashes that were archived
     */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> out = new ArrayList<>();
        path(index, 0, size, out);
        return out;
    }

    /**
     * PROOF(m, D[n]) of RFC 9162 §2.1.4.1.
     *
     * @throws IllegalArgumentException if not {@code 0 < first <= second}
     * @throws IllegalStateException    if the proof needs hashes that were archived
     */
    public List<byte[]> consistencyProof(long first, long second) {
        if (first <= 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to " + second);
        }
        List<byte[]> out = new ArrayList<>();
        subproof(first, 0, second, true, out);
        return out;
    }

    private void path(long m, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(m, lo, lo + k, out);
            out.add(hash(lo + k, hi));
        } else {
            path(m - k, lo + k, hi, out);
            out.add(hash(lo, lo + k));
        }
    }

    private void subproof(long m, long lo, long hi, boolean complete, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(hash(lo, hi));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, lo, lo + k, complete, out);
            out.add(hash(lo + k, hi));
        } else {
            subproof(m - k, lo + k, hi, false, out);
            out.add(hash(lo, lo + k));
        }
    }

    /**
     * MTH(D[lo:hi]), the hash of the leaves {@code lo .. hi-1} as one RFC 9162 tree.
     *
     * @throws IllegalStateException if it needs archived hashes that the archived compact range lacks
     */
    public byte[] subtreeHash(long lo, long hi) {
        if (lo < 0 || hi <= lo) {
            throw new IllegalArgumentException("empty or negative range");
        }
        return hash(lo, hi);
    }

    /**
     * The compact range of {@code [from, to)}: the maximal aligned perfect subtrees, left to right, as
     * pairs of level and hash; appended to the compact range of {@code [0, from)} it gives that of
     * {@code [0, to)}.
     */
    public void rightRange(long from, long to, java.util.List<Integer> levels, java.util.List<byte[]> nodes) {
        long pos = from;
        while (pos < to) {
            int level = pos == 0 ? 62 : Long.numberOfTrailingZeros(pos);
            while (level > 0 && pos + (1L << level) > to) {
                level--;
            }
            levels.add(level);
            nodes.add(hash(pos, pos + (1L << level)));
            pos += 1L << level;
        }
    }

    /** MTH(D[lo:hi]). */
    private byte[] hash(long lo, long hi) {
        if (hi <= archivedSize) {
            return archivedNode(lo, hi);
        }
        if (hi - lo == 1) {
            return leaves.leafHash(lo);
        }
        long k = split(hi - lo);
        return TreeHash.node(hash(lo, lo + k), hash(lo + k, hi));
    }

    private byte[] archivedNode(long lo, long hi) {
        long start = 0;
        int i = 0;
        for (int bit = 63; bit >= 0; bit--) {
            if ((archivedSize & (1L << bit)) != 0) {
                long end = start + (1L << bit);
                if (start == lo && end == hi) {
                    return archivedNodes.get(i).clone();
                }
                start = end;
                i++;
            }
        }
        throw new IllegalStateException("the proof needs hashes of archived entries " + lo + ".." + (hi - 1));
    }

    /** The largest power of two smaller than {@code n} (n &gt; 1). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * Verifies an inclusion proof (RFC 9162 §2.1.3.2).
     *
     * @return whether {@code leafHash} is the leaf at {@code index} of the tree of {@code size} with {@code root}
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHash.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = TreeHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Verifies a consistency proof (RFC 9162 §2.1.4.2).
     *
     * @return whether the tree of {@code second} size and root extends the one of {@code first} size and root
     */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        if (path.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHash.node(c, fr);
                sr = TreeHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = TreeHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }
}
