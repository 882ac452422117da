package io.custos.rotation.internal;

import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CiphertextFormat;
import io.custos.jpa.ProtectedColumn;
import io.custos.jpa.ProtectedValueException;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Decides per value: a ciphertext under the job's key and an older version is decrypted and encrypted again
 * under the current version with the same context (so the plaintext never changes); legacy plaintext of a
 * column that accepts it is encrypted; anything current, under another key or {@code null} is left alone, which
 * makes the job idempotent. The blind index of a rewritten text value is recomputed. A value that cannot be
 * read is left unchanged and counted (CUSTOS-8007).
 */
@Named("custosReencryptProcessor")
@Dependent
public class ReencryptProcessor implements ItemProcessor {
    private static final Logger LOG = Logger.getLogger(ReencryptProcessor.class.getName());

    @Inject
    StepContext stepContext;

    @Override
    public Object processItem(Object item) throws Exception {
        PartitionWork work = PartitionWork.of(stepContext);
        return prepare((RowItem) item, work.plan);
    }

    /** Fills in the values of {@code row} to rewrite (its mask), counting unreadable values; returns the row. */
    static RowItem prepare(RowItem row, TablePlan plan) {
        String rowId = Long.toString(row.id);
        for (int i = 0; i < row.stored.length; i++) {
            if (row.stored[i] == null) {
                continue;
            }
            ProtectedColumn c = plan.columns().get(i);
            try {
                if (rewrite(row, i, c, c.context(plan.tenant(), rowId), plan.target(i))) {
                    row.mask |= 1 << i;
                }
            } catch (CryptoException | ProtectedValueException e) {
                row.failed++;
                LOG.warning(() -> e instanceof CryptoException ce && ce.code() == ErrorCode.ROTATION_VALUE_FAILED
                        ? e.getMessage()
                        : ErrorCode.ROTATION_VALUE_FAILED.format(c.table() + "." + c.column(), rowId, e.getMessage()));
            }
        }
        return row;
    }

    private static boolean rewrite(RowItem row, int i, ProtectedColumn c, ProtectionContext ctx, KeyReference target)
            throws CryptoException {
        String name = c.table() + "." + c.column();
        if (c.binary()) {
            byte[] stored = (byte[]) row.stored[i];
            if (!CiphertextFormat.looksLikeCiphertext(stored)) {
                throw new CryptoException(ErrorCode.ROTATION_VALUE_FAILED, name, row.id,
                        "binary value without a Custos header (legacy binary values are not migrated)");
            }
            if (!stale(CiphertextFormat.keyOf(stored), target)) {
                return false;
            }
            byte[] plain = c.protector().decrypt(stored, ctx);
            try {
                row.updated[i] = c.protector().encrypt(plain, ctx);
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
            return true;
        }
        String stored = (String) row.stored[i];
        String plain;
        if (CiphertextFormat.isCiphertextText(stored)) {
            byte[] binary = CiphertextFormat.fromText(stored, name); // decoded once: for the header and the body
            if (!stale(CiphertextFormat.keyOf(binary), target)) {
                return false;
            }
            byte[] bytes = c.protector().decrypt(binary, ctx);
            try {
                plain = new String(bytes, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        } else if (c.acceptsLegacy()) {
            plain = stored;
        } else {
            throw new CryptoException(ErrorCode.ROTATION_VALUE_FAILED, name, row.id,
                    "not a Custos ciphertext, and the policy does not accept legacy plaintext here");
        }
        row.updated[i] = c.protector().encryptText(plain, ctx);
        if (c.indexColumn().isPresent()) {
            row.indexes[i] = c.index(plain);
        }
        return true;
    }

    /** Under the job's key and older than the version the converters write now. */
    private static boolean stale(KeyReference value, KeyReference target) {
        return value.keyId() == target.keyId() && value.version() < target.version();
    }
}
