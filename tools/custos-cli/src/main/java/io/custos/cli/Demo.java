package io.custos.cli;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.MaskStyle;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.Masking;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Encrypts a sample patient record field by field, shows what the database would hold, decrypts it,
 * masks it for an unprivileged role, and shows tampering, a moved value and a key rotation being handled.
 */
final class Demo {
    private final PrintStream out;

    Demo(PrintStream out) {
        this.out = out;
    }

    int run(Path keystore, String password) throws CryptoException {
        if (password == null || password.isBlank()) {
            out.println("Set CUSTOS_KEYSTORE_PASSWORD (the run script sets a demo value).");
            return 2;
        }
        SoftwareRootKeyProviderFactory factory = new SoftwareRootKeyProviderFactory();
        factory.init(new ProviderConfig(factory.id(), Map.of(
                SoftwareRootKeyProviderFactory.PATH, keystore.toString(),
                SoftwareRootKeyProviderFactory.PASSWORD, password,
                SoftwareRootKeyProviderFactory.CREATE, "true"), System::getenv));
        try (RootKeyProvider root = factory.create()) {
            out.println("== Custos crypto engine demo ==");
            out.println("root-key provider: " + root.health().detail() + "  (WARNING: not an HSM — demo only)");
            EnvelopeKeySource keys = new EnvelopeKeySource(root);
            CustosCrypto crypto = CustosCrypto.builder().keySource(keys).build();
            ProtectionContext name = ctx("PATIENT", "FULL_NAME", DataClass.PATIENT_CLINICAL);
            ProtectionContext serial = ctx("DEVICE", "SERIAL_NO", DataClass.DEVICE_SERIAL);
            FieldProtector rnd = crypto.randomized();
            FieldProtector det = crypto.deterministic();

            String patient = "Zhang Wei";
            String storedName = rnd.encryptText(patient, name);
            String storedSerial = det.encryptText("SN-2026-004711", serial);
            KeyReference nameKey = CiphertextFormat.keyOf(CiphertextFormat.fromText(storedName, "PATIENT.FULL_NAME"));
            out.println();
            out.println("1. The database holds only ciphertext:");
            out.println("   PATIENT.FULL_NAME  row 1001 = " + storedName);
            out.println("   DEVICE.SERIAL_NO   row 1001 = " + storedSerial + "  (deterministic: searchable by equality)");
            out.println("   data " + nameKey + " is stored only sealed by the root key: " + keys.sealedForm(nameKey));
            out.println();
            out.println("2. A clinician reads it back:        " + rnd.decryptText(storedName, name));
            out.println("   a sales clerk sees it masked:     " + Masking.apply(MaskStyle.INITIALS, patient)
                    + "  /  serial " + Masking.apply(MaskStyle.LAST4, "SN-2026-004711"));
            out.println("   an export gets a pseudonym:       "
                    + crypto.pseudonymizer().token("PAT-1001", name, "trial-reconciliation"));
            out.println("   equal serials encrypt equally:    "
                    + det.encryptText("SN-2026-004711", serial.withRowId("2002")).equals(storedSerial));
            out.println();
            out.println("3. Attacks are caught:");
            char last = storedName.charAt(storedName.length() - 1);
            String tampered = storedName.substring(0, storedName.length() - 1) + (last == 'A' ? 'B' : 'A');
            out.println("   one character changed -> " + attempt(() -> rnd.decryptText(tampered, name)));
            out.println("   value copied to row 1002 -> " + attempt(() -> rnd.decryptText(storedName, name.withRowId("1002"))));
            out.println("   value copied to another column -> "
                    + attempt(() -> rnd.decryptText(storedName, ctx("PATIENT", "ADDRESS", DataClass.PATIENT_CLINICAL))));
            out.println();
            KeyReference next = keys.rotate(nameKey);
            String rewritten = rnd.encryptText(patient, name);
            out.println("4. Key rotated to " + next + ": new writes use it, old values still read:");
            out.println("   old value -> " + rnd.decryptText(storedName, name) + "   new value -> "
                    + rnd.decryptText(rewritten, name) + " under "
                    + CiphertextFormat.keyOf(CiphertextFormat.fromText(rewritten, "PATIENT.FULL_NAME")));
            out.println();
            out.println("Demo complete. Keystore: " + keystore.toAbsolutePath());
            return 0;
        }
    }

    private static ProtectionContext ctx(String table, String column, DataClass dataClass) {
        return ProtectionContext.builder().tenant("acme-medical").table(table).column(column).rowId("1001")
                .dataClass(dataClass).build();
    }

    private interface Attempt {
        String run() throws CryptoException;
    }

    private static String attempt(Attempt attempt) {
        try {
            return "NOT DETECTED: " + attempt.run().length() + " characters returned";
        } catch (CryptoException e) {
            return "refused: " + e.getMessage();
        }
    }
}
