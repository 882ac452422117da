package io.custos.audit.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact range of a tree prefix {@code [0, size)}: the roots of the perfect subtrees that the binary
 * digits of {@code size} describe, largest first (at most 64 hashes). Enough to append leaves and to compute
 * the RFC 9162 root of any later size without the earlier leaves. Not thread-safe.
 *
 * <h2>Security guarantees</h2>
 * A compact range from an untrusted source proves nothing by itself: it counts only once the root it leads
 * to matches a signed checkpoint.
 */
public final class CompactRange {
    private long size;
    private final List<byte[]> nodes;

    private CompactRange(long size, List<byte[]> nodes) {
        this.size = size;
        this.nodes = nodes;
    }

    /** An empty range. */
    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /**
     * The range {@code [0, size)} from its nodes, largest subtree first.
     *
     * @throws IllegalArgumentException if the number of nodes does not match {@code size}
     */
    public static CompactRange of(long size, List<byte[]> nodes) {
        if (size < 0 || Long.bitCount(size) != nodes.size()) {
            throw new IllegalArgumentException("compact range of size " + size + " needs " + Long.bitCount(Math.max(size, 0))
                    + " nodes, got " + nodes.size());
        }
        List<byte[]> copy = new ArrayList<>(nodes.size());
        for (byte[] n : nodes) {
            if (n.length != TreeHash.SIZE) {
                throw new IllegalArgumentException("compact range node is not a 32-byte hash");
            }
            copy.add(n.clone());
        }
        return new CompactRange(size, copy);
    }

    /** Decodes {@link #encode()}. */
    public static CompactRange decode(long size, byte[] packed) {
        if (packed.length % TreeHash.SIZE != 0) {
            throw new IllegalArgumentException("packed compact range has a partial hash");
        }
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < packed.length; i += TreeHash.SIZE) {
            list.add(Arrays.copyOfRange(packed, i, i + TreeHash.SIZE));
        }
        return of(size, list);
    }

    public long size() {
        return size;
    }

    /** Copies of the nodes, largest subtree first. */
    public List<byte[]> nodes() {
        List<byte[]> out = new ArrayList<>(nodes.size());
        nodes.forEach(n -> out.add(n.clone()));
        return out;
    }

    /** The nodes concatenated, for storage. */
    public byte[] encode() {
        byte[] out = new byte[nodes.size() * TreeHash.SIZE];
        for (int i = 0; i < nodes.size(); i++) {
            System.arraycopy(nodes.get(i), 0, out, i * TreeHash.SIZE, TreeHash.SIZE);
        }
        return out;
    }

    /** Appends one leaf hash (already {@link TreeHash#leaf(byte[]) hashed}). */
    public void appendLeafHash(byte[] leafHash) {
        appendNode(0, leafHash);
    }

    /**
     * Appends the root of a perfect subtree of {@code 2^level} leaves that starts at {@link #size()}.
     *
     * @throws IllegalArgumentException if {@link #size()} is not a multiple of {@code 2^level}
     */
    public void appendNode(int level, byte[] hash) {
        if (level < 0 || level > 62 || (size & ((1L << level) - 1)) != 0) {
            throw new IllegalArgumentException("subtree of level " + level + " cannot start at " + size);
        }
        byte[] h = hash.clone();
        long newSize = size + (1L << level);
        int l = level;
        // Each set bit of size is one node; merging follows the carries of the binary addition.
        while ((size & (1L << l)) != 0) {
            h = TreeHash.node(nodes.remove(nodes.size() - 1), h);
            l++;
        }
        nodes.add(h);
        size = newSize;
    }

    /** The RFC 9162 root hash of {@code [0, size)}. */
    public byte[] root() {
        if (nodes.isEmpty()) {
            return TreeHash.empty();
        }
        byte[] acc = nodes.get(nodes.size() - 1);
        for (int i = nodes.size() - 2; i >= 0; i--) {
            acc = TreeHash.node(nodes.get(i), acc);
        }
        return acc.clone();
    }

    public CompactRange copy() {
        return of(size, nodes);
    }
}
