-- Custos audit tables for PostgreSQL 12+. ${t} is the (optionally schema-qualified) table prefix, ${n} the bare prefix.
CREATE TABLE IF NOT EXISTS ${t}head (
  id INT PRIMARY KEY,
  log_name VARCHAR(128) NOT NULL,
  tree_size BIGINT NOT NULL,
  last_leaf BYTEA NOT NULL,
  frontier BYTEA NOT NULL,
  archived_size BIGINT NOT NULL,
  archived_frontier BYTEA NOT NULL,
  archived_last_leaf BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t}event (
  seq BIGINT PRIMARY KEY,
  event_time TIMESTAMPTZ NOT NULL,
  actor VARCHAR(256) NOT NULL,
  category VARCHAR(32) NOT NULL,
  action VARCHAR(128) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  leaf_hash BYTEA NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ${n}event_time ON ${t}event (event_time);
CREATE TABLE IF NOT EXISTS ${t}checkpoint (
  tree_size BIGINT PRIMARY KEY,
  root_hash BYTEA NOT NULL,
  signed_at TIMESTAMPTZ NOT NULL,
  signature BYTEA NOT NULL,
  key_fingerprint VARCHAR(80) NOT NULL
);
