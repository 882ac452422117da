package io.custos.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The RFC 6962 / Certificate Transparency reference leaves and roots. */
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> referenceLeaves() {
        List<byte[]> out = new ArrayList<>();
        for (String l : LEAVES) {
            out.add(TreeHash.leaf(HEX.parseHex(l)));
        }
        return out;
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TreeHash.leaf(new byte[] {(byte) i, (byte) (i * 7)}));
        }
        return out;
    }

    private static MerkleProofs over(List<byte[]> leaves) {
        return new MerkleProofs(i -> leaves.get((int) i), CompactRange.empty());
    }

    private static List<byte[]> hex(String... hashes) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hashes) {
            out.add(HEX.parseHex(h));
        }
        return out;
    }

    @Test
    void root_referenceVectors_matchRfc6962() {
        List<byte[]> leaves = referenceLeaves();
        CompactRange range = CompactRange.empty();
        assertThat(TreeHash.hex(range.root())).isEqualTo(ROOTS[0]);
        for (int n = 1; n <= 8; n++) {
            range.appendLeafHash(leaves.get(n - 1));
            assertThat(TreeHash.hex(range.root())).as("compact range, size %d", n).isEqualTo(ROOTS[n]);
            assertThat(TreeHash.hex(over(leaves).root(n))).as("recursive, size %d", n).isEqualTo(ROOTS[n]);
        }
    }

    @Test
    void inclusionProof_referenceVectors_matchRfc6962() {
        MerkleProofs p = over(referenceLeaves());
        assertThat(p.inclusionProof(0, 8)).containsExactlyElementsOf(hex(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
        assertThat(p.inclusionProof(5, 8)).containsExactlyElementsOf(hex(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    }

    @Test
    void consistencyProof_referenceVectors_matchRfc6962() {
        MerkleProofs p = over(referenceLeaves());
        assertThat(p.consistencyProof(1, 8)).containsExactlyElementsOf(hex(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
        assertThat(p.consistencyProof(2, 5)).containsExactlyElementsOf(hex(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    }

    @Test
    void inclusionProof_everyLeafEverySize_verifiesAndRejectsTampering() {
        List<byte[]> leaves = leaves(40);
        MerkleProofs p = over(leaves);
        for (int n = 1; n <= 40; n++) {
            byte[] root = p.root(n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = p.inclusionProof(m, n);
                assertThat(MerkleProofs.verifyInclusion(m, n, leaves.get(m), proof, root)).isTrue();
                assertThat(MerkleProofs.verifyInclusion(m, n, leaves.get((m + 1) % 40), proof, root)).isFalse();
                if (n > 1) {
                    assertThat(MerkleProofs.verifyInclusion((m + 1) % n, n, leaves.get(m), proof, root)).isFalse();
                }
                if (!proof.isEmpty()) {
                    List<byte[]> bad = new ArrayList<>(proof);
                    byte[] first = bad.get(0).clone();
                    first[0] ^= 1;
                    bad.set(0, first);
                    assertThat(MerkleProofs.verifyInclusion(m, n, leaves.get(m), bad, root)).isFalse();
                }
            }
        }
    }

    @Test
    void consistencyProof_everyPair_verifiesAndRejectsWrongRoots() {
        List<byte[]> leaves = leaves(40);
        MerkleProofs p = over(leaves);
        for (int n = 1; n <= 40; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = p.consistencyProof(m, n);
                assertThat(MerkleProofs.verifyConsistency(m, n, p.root(m), p.root(n), proof)).as("%d -> %d", m, n).isTrue();
                if (m < n) {
                    assertThat(MerkleProofs.verifyConsistency(m, n, p.root(m), p.root(n - 1), proof)).isFalse();
                    assertThat(MerkleProofs.verifyConsistency(m, n, p.root(m == 1 ? 2 : m - 1), p.root(n), proof)).isFalse();
                }
            }
        }
    }

    @Test
    void compactRange_rightRangeAppended_givesRootOfLargerTree() {
        List<byte[]> leaves = leaves(37);
        MerkleProofs p = over(leaves);
        for (int a = 0; a <= 37; a++) {
            for (int b = a; b <= 37; b++) {
                CompactRange r = CompactRange.empty();
                for (int i = 0; i < a; i++) {
                    r.appendLeafHash(leaves.get(i));
                }
                List<Integer> levels = new ArrayList<>();
                List<byte[]> nodes = new ArrayList<>();
                p.rightRange(a, b, levels, nodes);
                for (int i = 0; i < nodes.size(); i++) {
                    r.appendNode(levels.get(i), nodes.get(i));
                }
                assertThat(r.size()).isEqualTo(b);
                assertThat(r.root()).isEqualTo(p.root(b));
            }
        }
    }

    @Test
    void proofs_afterArchiving_useArchivedRangeOrRefuse() {
        List<byte[]> leaves = leaves(30);
        MerkleProofs full = over(leaves);
        CompactRange archived = CompactRange.empty();
        for (int i = 0; i < 11; i++) {
            archived.appendLeafHash(leaves.get(i));
        }
        MerkleProofs partial = new MerkleProofs(i -> {
            if (i < 11) {
                throw new IllegalStateException("archived");
            }
            return leaves.get((int) i);
        }, archived);
        assertThat(partial.root(30)).isEqualTo(full.root(30));
        for (int m = 11; m < 30; m++) {
            assertThat(partial.inclusionProof(m, 30)).containsExactlyElementsOf(full.inclusionProof(m, 30));
        }
        assertThat(partial.consistencyProof(20, 30)).containsExactlyElementsOf(full.consistencyProof(20, 30));
    }
}
