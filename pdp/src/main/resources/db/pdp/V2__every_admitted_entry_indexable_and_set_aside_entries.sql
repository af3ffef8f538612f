-- Step 6: the columns follow the input limits of the decision API (docs/pdp.md, "Input limits"):
-- subject and resource id 255, resource type, purpose and action 64 characters. An entry the
-- database cannot index all the same (a column it refuses) is set aside in decision_log_quarantine,
-- where the chain stays verifiable across it: its sequence number, both hashes and its entry text.
ALTER TABLE decision_log ADD COLUMN purpose VARCHAR(64);
ALTER TABLE decision_log ADD COLUMN action VARCHAR(64);
ALTER TABLE decision_log ADD COLUMN resource_type VARCHAR(64);
ALTER TABLE decision_log ADD COLUMN resource_id VARCHAR(255);

CREATE TABLE decision_log_quarantine (
  seq BIGINT PRIMARY KEY,
  decision_id VARCHAR(36),
  time_ms BIGINT NOT NULL,
  entry ${text},
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL,
  reason VARCHAR(200) NOT NULL,
  set_aside_ms BIGINT NOT NULL);
CREATE INDEX decision_log_quarantine_by_time ON decision_log_quarantine (time_ms);
