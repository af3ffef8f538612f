#!/usr/bin/env python3
"""The production-like deployment's realm, derived from the demo realm and committed.

docker/compose.yaml must not start with the demo realm: its users sign in with their user name as
password and its client secrets are published in this repository. This script writes
docker/keycloak/production-realm.json from docker/keycloak/demo-realm.json, so both keep the same
roles, clients, scopes, mappers and providers' configuration:

  - the realm is named "purposegate" (tokens carry <public URL>/realms/purposegate as issuer);
  - no users: only the service-account users of the confidential clients stay (they carry the
    clients' realm roles);
  - every client secret becomes a Keycloak import placeholder, ${PURPOSEGATE_<CLIENT>_CLIENT_SECRET},
    resolved from Keycloak's environment when the realm is imported; compose requires each one.

Running it again writes the same bytes; --check only compares and exits 1 when the file is not
what this script makes from the demo realm (bin/purposegate test runs it).
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_REALM = ROOT / "docker/keycloak/demo-realm.json"
PRODUCTION_REALM = ROOT / "docker/keycloak/production-realm.json"
REALM_NAME = "purposegate"


def secret_variable(client_id):
    """pdp -> PURPOSEGATE_PDP_CLIENT_SECRET, demo-crm -> PURPOSEGATE_DEMO_CRM_CLIENT_SECRET."""
    return "PURPOSEGATE_" + re.sub(r"[^A-Z0-9]+", "_", client_id.upper()) + "_CLIENT_SECRET"


def production(demo):
    realm = dict(demo)
    realm["realm"] = REALM_NAME
    realm["displayName"] = "PurposeGate"
    realm["users"] = [user for user in demo.get("users", []) if user.get("serviceAccountClientId")]
    clients = []
    for client in demo.get("clients", []):
        client = dict(client)
        if "secret" in client:
            client["secret"] = "${" + secret_variable(client["clientId"]) + "}"
        clients.append(client)
    realm["clients"] = clients
    return realm


def secret_variables(realm):
    return sorted(client["secret"][2:-1] for client in realm["clients"] if "secret" in client)


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and argv[1:] not in (["--check"], ["--variables"]):
        print("usage: production-realm.py [--check | --variables]", file=sys.stderr)
        return 2
    realm = production(json.loads(DEMO_REALM.read_text(encoding="utf-8")))
    if argv[1:] == ["--variables"]:
        print("\n".join(secret_variables(realm)))
        return 0
    text = json.dumps(realm, indent=2, ensure_ascii=False) + "\n"
    current = PRODUCTION_REALM.read_text(encoding="utf-8") if PRODUCTION_REALM.exists() else None
    if check:
        if current != text:
            print(f"{PRODUCTION_REALM.relative_to(ROOT)} is not what docker/keycloak/production-realm.py"
                  " makes of the demo realm: run it", file=sys.stderr)
            return 1
        return 0
    if current != text:
        PRODUCTION_REALM.write_text(text, encoding="utf-8")
        print(f"wrote {PRODUCTION_REALM.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
