#!/usr/bin/env bash
# Runs once, on the first start of the postgres container (empty data volume), as the
# image's /docker-entrypoint-initdb.d hook. Creates one role and one database per service so
# that neither can read the other's data:
#   keycloak     Keycloak's database (KC_DB_URL in docker/compose.yaml)
#   purposegate  the PDP's database (consent registry and decision log)
#   crm          demo-crm's customer records (CRM_STORE_JDBC_URL in docker/compose.yaml)
# Changing a password afterwards: ALTER ROLE ... PASSWORD, or a new volume; this does not rerun.
set -euo pipefail

: "${KC_DB_PASSWORD:?KC_DB_PASSWORD is not set}"
: "${PURPOSEGATE_DB_PASSWORD:?PURPOSEGATE_DB_PASSWORD is not set}"
: "${CRM_DB_PASSWORD:?CRM_DB_PASSWORD is not set}"

# Passwords go in as psql variables (:'name' quotes them), never pasted into the SQL text.
psql --no-psqlrc -v ON_ERROR_STOP=1 \
  --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v keycloak_password="$KC_DB_PASSWORD" \
  -v purposegate_password="$PURPOSEGATE_DB_PASSWORD" \
  -v crm_password="$CRM_DB_PASSWORD" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'keycloak_password';
CREATE DATABASE keycloak OWNER keycloak ENCODING 'UTF8';
REVOKE ALL ON DATABASE keycloak FROM PUBLIC;

CREATE ROLE purposegate LOGIN PASSWORD :'purposegate_password';
CREATE DATABASE purposegate OWNER purposegate ENCODING 'UTF8';
REVOKE ALL ON DATABASE purposegate FROM PUBLIC;

CREATE ROLE crm LOGIN PASSWORD :'crm_password';
CREATE DATABASE crm OWNER crm ENCODING 'UTF8';
REVOKE ALL ON DATABASE crm FROM PUBLIC;
SQL
