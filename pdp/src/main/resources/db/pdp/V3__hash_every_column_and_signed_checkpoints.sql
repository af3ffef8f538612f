-- Step 6: an entry's hash covers every stored column (hash version 2, docs/pdp.md "Hash chain");
-- entries written before keep verifying by the rule they were written with (version 1: the entry's
-- JSON only). The PDP signs checkpoints of the chain's head and anchor with its own key.
ALTER TABLE decision_log ADD COLUMN hash_version SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE decision_log_quarantine ADD COLUMN hash_version SMALLINT DEFAULT 1 NOT NULL;

CREATE TABLE decision_log_checkpoint (
  id BIGINT PRIMARY KEY,
  created_ms BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  hash CHAR(64) NOT NULL,
  anchor_seq BIGINT NOT NULL,
  anchor_hash CHAR(64) NOT NULL,
  kid VARCHAR(100) NOT NULL,
  jws ${text} NOT NULL);
