-- Custos KMS key store, schema version 1 (H2 2.x). ${s} is the configured schema prefix.
-- Keys below the root are stored only sealed: KEK versions under the root-key provider, data-key
-- versions under a KEK version of the same tenant and data class.
CREATE SEQUENCE ${s}kms_key_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 4294967295 NO CYCLE;
CREATE SEQUENCE ${s}kms_request_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 NO CYCLE;
CREATE TABLE ${s}kms_meta (
  meta_name  VARCHAR(64) PRIMARY KEY,
  meta_value BIGINT NOT NULL
);
INSERT INTO ${s}kms_meta (meta_name, meta_value) VALUES ('revision', 0);
CREATE TABLE ${s}kms_key (
  key_id              BIGINT PRIMARY KEY,
  tenant              VARCHAR(128) NOT NULL,
  data_class          VARCHAR(32) NOT NULL,
  subject             VARCHAR(256) NOT NULL,
  key_usage           VARCHAR(32) NOT NULL,
  current_version     BIGINT NOT NULL,
  min_decrypt_version BIGINT NOT NULL,
  shredded            BOOLEAN NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  row_version         BIGINT NOT NULL,
  CONSTRAINT kms_key_scope_uq UNIQUE (tenant, data_class, subject, key_usage)
);
CREATE TABLE ${s}kms_key_version (
  key_id         BIGINT NOT NULL REFERENCES ${s}kms_key (key_id),
  key_version    BIGINT NOT NULL,
  key_state      VARCHAR(32) NOT NULL,
  sealed         VARBINARY(1024),
  sealed_by      VARCHAR(200) NOT NULL,
  kek_id         BIGINT,
  kek_version    BIGINT,
  reserved_uses  BIGINT NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  activated_at   TIMESTAMP WITH TIME ZONE,
  deactivated_at TIMESTAMP WITH TIME ZONE,
  compromised_at TIMESTAMP WITH TIME ZONE,
  destroyed_at   TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (key_id, key_version)
);
CREATE INDEX kms_key_version_kek_ix ON ${s}kms_key_version (kek_id, kek_version);
CREATE TABLE ${s}kms_destruction (
  request_id   BIGINT PRIMARY KEY,
  target_kind  VARCHAR(16) NOT NULL,
  key_id       BIGINT,
  tenant       VARCHAR(128),
  subject      VARCHAR(256),
  requested_by VARCHAR(128) NOT NULL,
  requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
  not_before   TIMESTAMP WITH TIME ZONE NOT NULL,
  status       VARCHAR(16) NOT NULL,
  decided_by   VARCHAR(128),
  decided_at   TIMESTAMP WITH TIME ZONE,
  row_version  BIGINT NOT NULL
);
CREATE TABLE ${s}kms_destruction_approval (
  request_id  BIGINT NOT NULL REFERENCES ${s}kms_destruction (request_id),
  officer     VARCHAR(128) NOT NULL,
  approved_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (request_id, officer)
);
CREATE TABLE ${s}kms_grant (
  grant_id    VARCHAR(64) PRIMARY KEY,
  token_hash  VARBINARY(1024) NOT NULL UNIQUE,
  tenant      VARCHAR(128) NOT NULL,
  data_class  VARCHAR(32) NOT NULL,
  device      VARCHAR(128) NOT NULL,
  issued_by   VARCHAR(128) NOT NULL,
  issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at  TIMESTAMP WITH TIME ZONE,
  revoked_by  VARCHAR(128)
);
