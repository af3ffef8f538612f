#!/usr/bin/env python3
"""Grows the policy data for the large-catalog benchmark: 1,000 purposes and 10,000 field mappings.

Usage: grow_catalog.py POLICIES_DIR OUT_DIR

Copies the policies (without tests) to OUT_DIR and replaces the catalog and the field maps with
grown versions that keep every real purpose and field, so the benchmark's request decides the same.
Deterministic: the same input gives the same data set.
"""
import json
import pathlib
import shutil
import sys

PURPOSES = 1000
FIELD_MAPPINGS = 10000
FIELDS_PER_TYPE = 100

CATEGORIES = [
    "user.name", "user.contact.email", "user.contact.phone_number", "user.contact.address",
    "user.demographic.date_of_birth", "user.demographic.profile", "user.behavior.purchase_history",
    "user.behavior.browsing_history", "user.account.username", "user.financial.bank_account",
    "user.location.imprecise", "user.device.cookie_id",
]
MASKS = ["redact", "last4", "hash", "year_only", "initials"]
BASES = ["consent", "contract", "legal_obligation", "legitimate_interests"]


def grown_catalog(catalog):
    purposes = catalog["purposes"]
    template = purposes["analytics"]
    n = 0
    while len(purposes) < PURPOSES:
        n += 1
        basis = BASES[n % len(BASES)]
        purpose = json.loads(json.dumps(template))
        purpose["name"] = {lang: f"Synthetic purpose {n}" for lang in ("en", "de", "fr")}
        purpose["description"] = {lang: f"Generated for the large-catalog benchmark ({n})." for lang in ("en", "de", "fr")}
        purpose["lawful_basis"] = basis
        purpose["data_categories"] = [CATEGORIES[(n + i) % len(CATEGORIES)] for i in range(4)]
        purpose["masked"] = {CATEGORIES[(n + 5) % len(CATEGORIES)]: MASKS[n % len(MASKS)]}
        purpose["sale_or_sharing"] = n % 7 == 0
        if basis != "consent":
            purpose.pop("consent_expiry", None)
        purposes[f"bench_purpose_{n:04d}"] = purpose
    return catalog


def grown_resources(resources):
    mappings = sum(len(r["fields"]) for r in resources.values())
    customer = resources["customer"]["fields"]
    n = 0
    while len(customer) < FIELDS_PER_TYPE and mappings < FIELD_MAPPINGS:
        n += 1
        customer[f"extra_{n:03d}"] = CATEGORIES[n % len(CATEGORIES)]
        mappings += 1
    t = 0
    while mappings < FIELD_MAPPINGS:
        t += 1
        fields = {}
        for i in range(min(FIELDS_PER_TYPE, FIELD_MAPPINGS - mappings)):
            fields[f"field_{i:03d}"] = CATEGORIES[(t + i) % len(CATEGORIES)]
        mappings += len(fields)
        resources[f"bench_type_{t:03d}"] = {"fields": fields}
    return resources


def main(policies, out):
    policies, out = pathlib.Path(policies), pathlib.Path(out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(policies, out, ignore=shutil.ignore_patterns("*_test.rego"))
    root = out / "purposegate"
    catalog = grown_catalog(json.loads((root / "catalog" / "data.json").read_text()))
    resources = grown_resources(json.loads((root / "resources" / "data.json").read_text()))
    (root / "catalog" / "data.json").write_text(json.dumps(catalog))
    (root / "resources" / "data.json").write_text(json.dumps(resources))
    mappings = sum(len(r["fields"]) for r in resources.values())
    print(f"{len(catalog['purposes'])} purposes, {mappings} field mappings in {len(resources)} resource types")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
