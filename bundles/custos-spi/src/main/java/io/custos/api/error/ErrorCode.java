package io.custos.api.error;

/**
 * The catalogue of numbered message templates. Placeholders {@code {0}}, {@code {1}}, … are filled with
 * ids, names, sizes or algorithm names only — never with values, ciphertext or key material.
 *
 * <p>Ranges: 1xxx configuration and policy, 2xxx ciphertext and field crypto, 3xxx keys, 4xxx root-key
 * providers and HSM, 5xxx audit, 6xxx access control, 7xxx admin REST API. The full list with remedies is in
 * {@code docs/errors.md}.
 */
public enum ErrorCode {
    CONFIG_MISSING(1001, "required configuration property {0} of {1} is missing"),
    CONFIG_INVALID(1002, "configuration property {0} of {1} is invalid: {2}"),
    PROVIDER_NOT_FOUND(1003, "no {0} with id ''{1}'' is available (found: {2})"),
    PROVIDER_AMBIGUOUS(1004, "{0} id ''{1}'' is provided more than once; refusing to choose"),
    CONTEXT_INVALID(1005, "protection context field {0} is invalid: {1}"),
    POLICY_UNREADABLE(1101, "protection policy {0} cannot be read: {1}"),
    POLICY_SYNTAX(1102, "protection policy {0} is not valid JSON at line {1}, column {2}: {3}"),
    POLICY_INVALID(1103, "protection policy {0}: {1} is invalid: {2}"),
    POLICY_UNKNOWN_ENTITY(1104, "protection policy {0} names entity {1}, which persistence unit {2} does not map (entities: {3})"),
    POLICY_UNKNOWN_FIELD(1105, "protection policy {0} names field {1}.{2}, which is not a basic attribute of the entity (attributes: {3})"),
    FIELD_NOT_PROTECTABLE(1106, "field {0}.{1} cannot be protected: {2}"),
    COLUMN_TOO_NARROW(1107, "column {0} is {1} characters wide; protected values of up to {2} bytes need {3} ({4}); widen the column and set columnLength in the policy, or let Custos widen generated DDL"),
    FIELD_LOSES_SQL_TYPE(1108, "field {0}.{1} of type {2} is stored as encrypted text in column {3}: it loses its SQL type, so range queries and ORDER BY on it are refused; migrate the column to VARCHAR({4})"),
    FIELD_PROTECTED(1109, "protecting {0}.{1} (column {2}): class {3}, level {4}, {5}, blind index {6}, mask {7}, plaintext roles {8}, row id {9}, legacy plaintext {10}"),
    ROW_ID_NOT_BOUND(1110, "entity {0} uses {1} ids: its row id is not known before INSERT and is NOT bound into ciphertexts (a value copied to another row of the same column decrypts there); use SEQUENCE, TABLE or UUID ids to bind it"),
    ENTITY_CACHE_ISOLATED(1111, "entity {0} is kept out of the shared cache (level {1})"),
    POLICY_UNKNOWN_BEAN(1112, "protection policy {0} names bean class {1}, which the deployment does not contain"),
    IN_MEMORY_KEYS(1113, "key source ''in-memory'' in use for {0}: data keys live only in this JVM and are lost at restart; use it for demos and tests only"),
    LOG_PARAMETERS_FORCED_OFF(1114, "persistence unit {0} logged bind parameters; Custos turned that off (eclipselink.logging.parameters=false) so values never reach logs"),
    NO_RUNTIME_FOR_ENTITY(1115, "{0} returned entity {1}, but no Custos protection runtime is registered for its persistence unit; refusing to return it unmasked"),
    QUERY_REFUSED(1201, "query {0} refused: {1} on protected field {2}.{3} ({4} mode) cannot work on encrypted values; {5}"),
    BLIND_INDEX_MISSING(1202, "field {0}.{1} has no blind index; enable blindIndex for it in the policy or use deterministic mode"),
    FIELD_UNREADABLE(1301, "{0}.{1} of row {2} cannot be read: {3}"),
    FIELD_UNWRITABLE(1302, "{0}.{1} of row {2} cannot be written: {3}"),

    NOT_CIPHERTEXT(2001, "value in column {0} is not a Custos ciphertext ({1})"),
    UNSUPPORTED_FORMAT(2002, "value in column {0} uses unsupported ciphertext format {1}"),
    DECRYPTION_FAILED(2003, "decryption failed for column {0}, {1}"),
    CONTEXT_MISMATCH(2004, "value in column {0} was encrypted for another row or column ({1}); it may have been moved"),
    VALUE_TOO_LARGE(2005, "value for column {0} has {1} bytes, above the limit of {2}"),
    LEGACY_PLAINTEXT_REFUSED(2006, "column {0} holds a value that is not encrypted and legacy plaintext is not accepted there"),
    ENCRYPTION_FAILED(2007, "encryption failed for column {0}, {1}: {2}"),

    KEY_NOT_FOUND(3001, "{0} not found"),
    KEY_STATE(3002, "{0} is {1} and cannot be used to {2}"),
    KEY_SHREDDED(3003, "{0} was destroyed (crypto-shredded); data under it is permanently unreadable"),
    KEY_USAGE_EXHAUSTED(3004, "{0} reached its limit of {1} encryptions; rotate the key"),
    KEY_NOT_FOUND_FOR_COLUMN(3005, "value in column {0} needs {1}, which does not exist"),
    KMS_CONCURRENT_UPDATE(3101, "{0} was changed by another operation while this {1} ran; nothing was changed, reload and retry"),
    KMS_ILLEGAL_TRANSITION(3102, "{0} cannot go from {1} to {2}"),
    KMS_VERSION_RETIRED(3103, "{0} is below the minimum decryption version {1} of its key and cannot decrypt"),
    KMS_STORE_FAILED(3104, "key store failed to {0} (SQL state {1}); the transaction was rolled back"),
    KMS_ROLE_REQUIRED(3105, "{0} needs role {1} to {2}"),
    KMS_DUTY_CONFLICT(3106, "{0} {1} and may not also {2}"),
    KMS_REQUEST_NOT_FOUND(3107, "{0} request {1} not found"),
    KMS_REQUEST_STATE(3108, "{0} request {1} is {2}: {3}"),
    KMS_OUT_OF_BOUNDS(3109, "{0} {1} is outside the allowed range {2} .. {3}"),
    KMS_GRANT_REJECTED(3110, "grant {0} rejected: {1}"),
    KMS_BACKUP_INVALID(3111, "backup {0} cannot be used: {1}"),
    KMS_RESTORE_TARGET_NOT_EMPTY(3112, "restore refused: the key store already holds {0} keys; restore only into an empty store"),
    KMS_QUORUM_NOT_MET(3113, "{0} needs {1} {2}, has {3}"),
    KMS_SCHEMA_UNSUPPORTED(3114, "key store schema is at version {0}, newer than this KMS supports ({1}); upgrade custos-kms"),

    PROVIDER_UNAVAILABLE(4001, "root-key provider ''{0}'' is unavailable: {1}"),
    PROVIDER_OPERATION_FAILED(4002, "root-key provider ''{0}'' failed to {1}: {2}"),
    UNSEAL_FAILED(4003, "root-key provider ''{0}'' could not unseal {1}: sealed key is damaged or belongs to another key"),
    SOFTWARE_ROOT_KEY_WARNING(4050, "software root-key provider in use (keystore {0}): root keys are NOT in an HSM; use it for demos and tests only"),
    KEYSTORE_MISSING(4051, "keystore {0} does not exist and custos.keystore.create is not true"),
    KEYSTORE_UNREADABLE(4052, "keystore {0} cannot be opened: wrong password or damaged file"),
    KEYSTORE_INCOMPLETE(4053, "keystore {0} lacks entry {1}"),
    HSM_LIBRARY_UNUSABLE(4101, "PKCS#11 library {0} cannot be used: {1}"),
    HSM_TOKEN_NOT_FOUND(4102, "no PKCS#11 token labelled ''{0}'' in library {1} (tokens found: {2})"),
    HSM_LOGIN_REFUSED(4103, "PKCS#11 token ''{0}'' refused the PIN from {1} ({2}); the same PIN is not tried again until it changes"),
    HSM_KEY_MISSING(4104, "key ''{0}'' is not in PKCS#11 token ''{1}'' and {2} is not true"),
    HSM_KEY_NOT_PROTECTED(4105, "key ''{0}'' in PKCS#11 token ''{1}'' is not sensitive and non-extractable; refusing to use it"),
    HSM_TOKEN_UNREACHABLE(4106, "PKCS#11 token ''{0}'' is unreachable ({1}); {2}"),
    HSM_SLOT_LISTING_FAILED(4107, "cannot list the tokens of PKCS#11 library {0}: {1}"),
    HSM_MECHANISM_MISSING(4108, "PKCS#11 token ''{0}'' does not offer {1}"),
    HSM_ROOT_KEY_UNKNOWN(4109, "sealed key names root key {0}, which PKCS#11 token ''{1}'' does not hold"),

    AUDIT_UNAVAILABLE(5001, "audit store is unavailable: {0}"),
    AUDIT_EXPORT_FAILED(5002, "audit evidence pack {0} could not be written: {1}"),
    AUDIT_CHECKPOINT_FAILED(5003, "audit checkpoint of log {0} at size {1} could not be signed: {2}"),
    AUDIT_INTEGRITY(5004, "audit log {0} failed verification at {1}: {2}"),
    AUDIT_PROOF_UNAVAILABLE(5005, "audit proof {0} is not available: {1}"),
    AUDIT_FAIL_OPEN(5006, "audit store unavailable: {0} event by {1} on {2} was NOT recorded; proceeding because level {3} is configured fail-open"),
    AUDIT_ALERT_DELIVERY(5007, "alert {0} could not be delivered to sink {1}: {2}"),

    ACCESS_DENIED(6001, "access to {0} denied for {1}"),
    FIELD_READ_DENIED(6002, "reading {0}.{1} of row {2} denied for {3}: it needs one of the roles {4}"),
    EXPORT_DENIED(6003, "export of {0} denied for {1}: {2}"),

    ADMIN_AUTHENTICATION_REQUIRED(7001, "{0} {1} needs a valid bearer token: {2}"),
    ADMIN_ROLE_REQUIRED(7002, "{0} {1} is not allowed for {2}: it needs one of the roles {3}"),
    ADMIN_BAD_REQUEST(7003, "{0} {1} is invalid: {2}"),
    ADMIN_NOT_FOUND(7004, "{0} {1}: {2}"),
    ADMIN_JOBS_UNAVAILABLE(7005, "re-encryption jobs are unavailable: {0}"),
    ADMIN_INTERNAL_ERROR(7006, "internal error while serving {0} {1}; the server log holds incident {2}"),
    ADMIN_TOKEN_REJECTED(7007, "bearer token rejected: {0}"),
    ADMIN_POLICY_CHANGED(7008, "policy version {0} was replaced by version {1} while this change was prepared; reload and retry"),

    ROTATION_JOB_RUNNING(8001, "a re-encryption job for key {0} is already {1} (job {2}); pause, cancel or wait for it"),
    ROTATION_JOB_NOT_FOUND(8002, "no re-encryption job {0}"),
    ROTATION_JOB_STATE(8003, "re-encryption job {0} is {1} and cannot be {2}"),
    ROTATION_REQUEST_INVALID(8004, "re-encryption request field {0} is invalid: {1}"),
    ROTATION_STORE_FAILED(8005, "the re-encryption control tables failed during {0} (SQL state {1})"),
    ROTATION_TABLE_UNSUPPORTED(8006, "table {0} cannot be re-encrypted in partitions: {1}"),
    ROTATION_VALUE_FAILED(8007, "re-encryption left {0} of row {1} unchanged: {2}"),
    ROTATION_JOB_FAILED(8008, "re-encryption job {0} failed: {1}"),
    ROTATION_LEASE_LOST(8009, "re-encryption job {0}: instance {1} lost its lease to {2}; stopping its partitions"),
    ROTATION_ENVIRONMENT_MISSING(8010, "no rotation environment ''{0}'' is registered in this application");

    private final int number;
    private final String template;

    ErrorCode(int number, String template) {
        this.number = number;
        this.template = template;
    }

    /** The stable number, as in {@code CUSTOS-2003}. */
    public int number() {
        return number;
    }

    /** The identifier printed at the start of every message, e.g. {@code CUSTOS-2003}. */
    public String id() {
        return "CUSTOS-" + number;
    }

    /** The raw template with {@code {n}} placeholders. */
    public String template() {
        return template;
    }

    /**
     * Formats the message. Placeholders are replaced literally (no locale-dependent number formatting);
     * {@code ''} stands for one apostrophe.
     */
    public String format(Object... args) {
        StringBuilder out = new StringBuilder(id()).append(' ');
        String t = template;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\'' && i + 1 < t.length() && t.charAt(i + 1) == '\'') {
                out.append('\'');
                i++;
            } else if (c == '{') {
                int end = t.indexOf('}', i);
                int index = Integer.parseInt(t.substring(i + 1, end));
                out.append(index < args.length ? String.valueOf(args[index]) : "?");
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
