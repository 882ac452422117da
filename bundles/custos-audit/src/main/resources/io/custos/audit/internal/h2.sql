-- Custos audit tables for H2 2.x. ${t} is the (optionally schema-qualified) table prefix, ${n} the bare prefix.
CREATE TABLE IF NOT EXISTS ${t}head (
  id INT PRIMARY KEY,
  log_name VARCHAR(128) NOT NULL,
  tree_size BIGINT NOT NULL,
  last_leaf VARBINARY(32) NOT NULL,
  frontier VARBINARY(2048) NOT NULL,
  archived_size BIGINT NOT NULL,
  archived_frontier VARBINARY(2048) NOT NULL,
  archived_last_leaf VARBINARY(32) NOT NULL
);
CREATE TABLE IF NOT EXISTS ${t}event (
  seq BIGINT PRIMARY KEY,
  event_time TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  actor VARCHAR(256) NOT NULL,
  category VARCHAR(32) NOT NULL,
  action VARCHAR(128) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  leaf_hash VARBINARY(32) NOT NULL,
  body VARCHAR(1000000) NOT NULL
);
CREATE INDEX IF NOT EXISTS ${n}event_time ON ${t}event (event_time);
CREATE TABLE IF NOT EXISTS ${t}checkpoint (
  tree_size BIGINT PRIMARY KEY,
  root_hash VARBINARY(32) NOT NULL,
  signed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  signature VARBINARY(2048) NOT NULL,
  key_fingerprint VARCHAR(80) NOT NULL
);
