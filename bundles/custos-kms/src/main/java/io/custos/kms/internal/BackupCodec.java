package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.kms.KeyState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary layout of a key backup. The header is plain but authenticated (it is the AES-GCM associated
 * data); the body, sealed under the backup key, holds every key row and version: KEK material in clear
 * (so a restore can seal it under another root key) and data keys still sealed under their KEKs.
 */
final class BackupCodec {
    static final String MAGIC = "CUSTOS-KMS-BACKUP";
    static final int FORMAT = 1;

    /** The plain, authenticated header. */
    record Header(String backupId, Instant createdAt, int keyCount, int threshold, int shares) {
        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(backupId);
                out.writeLong(createdAt.toEpochMilli());
                out.writeInt(keyCount);
                out.writeInt(threshold);
                out.writeInt(shares);
            } catch (IOException e) {
                throw new IllegalStateException("in-memory stream", e);
            }
            return bytes.toByteArray();
        }
    }

    /** One key and its versions; for KEK versions {@code sealed} holds the clear material. */
    record Entry(KeyRow key, List<VersionRow> versions) {
    }

    /** A parsed archive: header, its encoded bytes (the AAD), nonce and sealed body. */
    record Archive(Header header, byte[] aad, byte[] nonce, byte[] body) {
    }

    private BackupCodec() {
    }

    static byte[] archive(Header header, byte[] nonce, byte[] sealedBody) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] h = header.encode();
            out.writeInt(h.length);
            out.write(h);
            out.writeInt(nonce.length);
            out.write(nonce);
            out.writeInt(sealedBody.length);
            out.write(sealedBody);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    static Archive parse(byte[] archive) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(archive));
        byte[] aad = read(in, 4096);
        byte[] nonce = read(in, 64);
        byte[] body = read(in, Integer.MAX_VALUE);
        DataInputStream h = new DataInputStream(new ByteArrayInputStream(aad));
        if (!MAGIC.equals(h.readUTF()) || h.readInt() != FORMAT) {
            throw new IOException("not a custos-kms backup of format " + FORMAT);
        }
        Header header = new Header(h.readUTF(), Instant.ofEpochMilli(h.readLong()), h.readInt(), h.readInt(), h.readInt());
        return new Archive(header, aad, nonce, body);
    }

    private static byte[] read(DataInputStream in, int max) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max || n > in.available()) {
            throw new IOException("truncated backup");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static byte[] body(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Entry e : entries) {
                KeyRow k = e.key();
                out.writeLong(k.keyId());
                out.writeUTF(k.tenant());
                out.writeUTF(k.dataClass().name());
                out.writeUTF(KeyRow.storedSubject(k.subject()));
                out.writeUTF(k.usage());
                out.writeLong(k.currentVersion());
                out.writeLong(k.minVersion());
                out.writeBoolean(k.shredded());
                instant(out, k.createdAt());
                out.writeInt(e.versions().size());
                for (VersionRow v : e.versions()) {
                    out.writeLong(v.version());
                    out.writeUTF(v.state().name());
                    out.writeInt(v.sealed() == null ? -1 : v.sealed().length);
                    if (v.sealed() != null) {
                        out.write(v.sealed());
                    }
                    out.writeUTF(v.sealedBy());
                    out.writeLong(v.kekId() == null ? -1 : v.kekId());
                    out.writeLong(v.kekVersion() == null ? -1 : v.kekVersion());
                    out.writeLong(v.reservedUses());
                    instant(out, v.createdAt());
                    instant(out, v.activatedAt());
                    instant(out, v.deactivatedAt());
                    instant(out, v.compromisedAt());
                    instant(out, v.destroyedAt());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream", e);
        }
        return bytes.toByteArray();
    }

    static List<Entry> entries(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        int n = in.readInt();
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = in.readLong();
            String tenant = in.readUTF();
            DataClass dataClass = DataClass.valueOf(in.readUTF());
            String subject = in.readUTF();
            KeyRow key = new KeyRow(id, tenant, dataClass, subject.isEmpty() ? null : subject, in.readUTF(),
                    in.readLong(), in.readLong(), in.readBoolean(), instant(in), 0);
            int count = in.readInt();
            List<VersionRow> versions = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                long version = in.readLong();
                KeyState state = KeyState.valueOf(in.readUTF());
                int len = in.readInt();
                byte[] sealed = null;
                if (len >= 0) {
                    sealed = new byte[len];
                    in.readFully(sealed);
                }
                String sealedBy = in.readUTF();
                long kekId = in.readLong();
                long kekVersion = in.readLong();
                versions.add(new VersionRow(id, version, state, sealed, sealedBy, kekId < 0 ? null : kekId,
                        kekVersion < 0 ? null : kekVersion, in.readLong(), instant(in), instant(in), instant(in),
                        instant(in), instant(in)));
            }
            out.add(new Entry(key, versions));
        }
        return out;
    }

    private static void instant(DataOutputStream out, Instant i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) {
            out.writeLong(i.getEpochSecond());
            out.writeInt(i.getNano());
        }
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
