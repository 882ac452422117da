package io.custos.jpa.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.MaskStyle;
import io.custos.api.ProtectionLevel;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtectionPolicyTest {
    static final String VALID = """
            {
              "policyVersion": 1,
              "tenant": "acme",
              "levels": { "CONFIDENTIAL": { "readRoles": ["sales"], "mask": "LAST4" } },
              "entities": {
                "Customer": {
                  "email": { "class": "CUSTOMER", "mask": "EMAIL" },
                  "taxId": { "class": "CUSTOMER", "mode": "deterministic", "identifier": true }
                }
              },
              "beans": ["com.example.CustomerResource"]
            }
            """;

    static ConfigurationException error(String json) {
        try {
            ProtectionPolicy.parse("test.json", json);
        } catch (ConfigurationException e) {
            return e;
        }
        throw new AssertionError("policy was accepted");
    }

    @Test
    void parse_validPolicy_resolvesFieldsWithLevelDefaults() throws Exception {
        ProtectionPolicy p = ProtectionPolicy.parse("test.json", VALID);
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(p.beans()).containsExactly("com.example.CustomerResource");
        FieldPolicy email = p.resolve("Customer", "email", p.entities().get("Customer").get("email"), null);
        assertThat(email.level()).isEqualTo(ProtectionLevel.CONFIDENTIAL);
        assertThat(email.mode()).isEqualTo(EncryptionMode.RANDOMIZED);
        assertThat(email.mask()).isEqualTo(MaskStyle.EMAIL);
        assertThat(email.readRoles()).containsExactly("sales");
        FieldPolicy tax = p.resolve("Customer", "taxId", p.entities().get("Customer").get("taxId"), null);
        assertThat(tax.mode()).isEqualTo(EncryptionMode.DETERMINISTIC);
        assertThat(tax.mask()).isEqualTo(MaskStyle.LAST4); // from the level
        assertThat(tax.identifier()).isTrue();
    }

    @Test
    void resolve_fileAndAnnotationBothSpeak_fileWinsAndAnnotationFillsTheRest() throws Exception {
        ProtectionPolicy p = ProtectionPolicy.parse("test.json", VALID);
        FieldSpec annotation = new FieldSpec(DataClass.FINANCIAL, ProtectionLevel.RESTRICTED, EncryptionMode.DETERMINISTIC,
                true, MaskStyle.REDACT, Set.of("finance"), null, null, null, null, null);
        FieldPolicy f = p.resolve("Customer", "email", p.entities().get("Customer").get("email"), annotation);
        assertThat(f.dataClass()).isEqualTo(DataClass.CUSTOMER);   // file
        assertThat(f.mask()).isEqualTo(MaskStyle.EMAIL);            // file
        assertThat(f.mode()).isEqualTo(EncryptionMode.DETERMINISTIC); // annotation, file silent
        assertThat(f.level()).isEqualTo(ProtectionLevel.RESTRICTED);  // annotation, file silent
        assertThat(f.readRoles()).containsExactly("finance");
        assertThat(f.blindIndex()).isTrue();
    }

    @Test
    void parse_malformedJson_failsWithLineAndColumn() {
        ConfigurationException e = error("{\n  \"policyVersion\": 1,\n  \"tenant\": acme\n}");
        assertThat(e.code()).isEqualTo(ErrorCode.POLICY_SYNTAX);
        assertThat(e.getMessage()).contains("test.json").contains("line 3, column 13");
    }

    @Test
    void parse_unknownKey_failsNamingThePathAndTheAllowedKeys() {
        ConfigurationException e = error("""
                {"policyVersion": 1, "entities": {"Customer": {"email": {"class": "CUSTOMER", "maks": "EMAIL"}}}}""");
        assertThat(e.code()).isEqualTo(ErrorCode.POLICY_INVALID);
        assertThat(e.getMessage()).contains("entities.Customer.email.maks").contains("unknown key").contains("mask");
    }

    @Test
    void parse_invalidValues_failWithNumberedErrors() {
        assertThat(error("{\"policyVersion\": 2}").getMessage()).contains("CUSTOS-1103").contains("policyVersion");
        assertThat(error("{}").getMessage()).contains("policyVersion").contains("required");
        assertThat(error("{\"policyVersion\": 1, \"entities\": {\"C\": {\"x\": {\"class\": \"PATIENT\"}}}}").getMessage())
                .contains("entities.C.x.class").contains("PATIENT_CLINICAL");
        assertThat(error("{\"policyVersion\": 1, \"entities\": {\"C\": {\"x\": {\"mask\": \"LAST4\"}}}}").getMessage())
                .contains("entities.C.x.class").contains("required");
        assertThat(error("{\"policyVersion\": 1, \"blindIndexBits\": 12}").getMessage()).contains("blindIndexBits");
        assertThat(error("{\"policyVersion\": 1, \"levels\": {\"TOP\": {}}}").getMessage()).contains("levels.TOP");
        assertThat(error("{\"policyVersion\": 1, \"levels\": {\"CRITICAL\": {\"sharedCache\": \"no\"}}}").getMessage())
                .contains("levels.CRITICAL.sharedCache").contains("true or false");
        assertThat(error("{\"policyVersion\": 1, \"tenant\": \"a\", \"tenant\": \"b\"}").getMessage())
                .contains("duplicate key");
        assertThat(error("{\"policyVersion\": 1, \"entities\": {\"C\": {}}}").getMessage()).contains("names no field");
    }

    @Test
    void load_missingResource_failsWithUnreadable() {
        assertThatThrownBy(() -> ProtectionPolicy.load("classpath:nope.json", getClass().getClassLoader()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(ErrorCode.POLICY_UNREADABLE.id());
    }

    @Test
    void levels_defaults_keepCriticalOutOfTheSharedCacheAndAuditReads() {
        LevelPolicy critical = LevelPolicy.defaults(ProtectionLevel.CRITICAL);
        assertThat(critical.sharedCache()).isFalse();
        assertThat(critical.auditReads()).isTrue();
        assertThat(LevelPolicy.defaults(ProtectionLevel.INTERNAL).readRoles()).isEmpty();
    }
}
