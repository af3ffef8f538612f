-- The schema the PDP created in code before it had migrations (step 5). A database made by that code
-- is baselined at this version; a new one is created by this script. Portable: H2 2.x and PostgreSQL 15.
CREATE TABLE decision_log (
  seq BIGINT PRIMARY KEY,
  decision_id VARCHAR(36) NOT NULL,
  time_ms BIGINT NOT NULL,
  subject VARCHAR(255) NOT NULL,
  actor_client VARCHAR(255),
  actor_user VARCHAR(255),
  entry VARCHAR(1000000) NOT NULL,
  prev_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL);
CREATE INDEX decision_log_by_subject ON decision_log (subject, time_ms, seq);
CREATE INDEX decision_log_by_client ON decision_log (actor_client, time_ms, seq);
CREATE INDEX decision_log_by_user ON decision_log (actor_user, time_ms, seq);
CREATE INDEX decision_log_by_time ON decision_log (time_ms);

CREATE TABLE decision_log_anchor (
  id INT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash CHAR(64) NOT NULL);

CREATE TABLE consent_subject (
  subject_id VARCHAR(255) PRIMARY KEY,
  v BIGINT NOT NULL,
  state VARCHAR(1000000),
  deleted BOOLEAN NOT NULL,
  updated_ms BIGINT NOT NULL);
