package purposegate.lawfulbasis_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx
import data.purposegate.lawfulbasis

# mia reads alice (EU, opt-in) for analytics, which alice has consented to.
analytics_on_alice := object.union(fx.mia_lists_alice, {"purpose": "analytics"})

with_consent(consent) := object.union(analytics_on_alice, {"subject": {"consents": {"analytics": consent}}})

test_contract_needs_no_consent if {
	count(lawfulbasis.deny) == 0 with input as object.union(fx.sam_reads_alice, {"subject": {"consents": {}}})
}

test_given_consent_allows_an_opt_in_purpose if {
	d := access.decision with input as analytics_on_alice
	d.allow == true
	d.fields.allowed == ["orders", "segment"]
	d.fields.masked == {"birth_date": "year_only"}
}

test_missing_consent_denies_an_opt_in_purpose if {
	lawfulbasis.deny == {{
		"code": "consent.missing",
		"message": "purpose \"analytics\" is based on consent, opt-in for jurisdiction EU, and the subject's consent is not given",
	}} with input as object.union(analytics_on_alice, {"subject": {"consents": {"analytics": null}}})
}

test_unknown_subject_has_no_consent if {
	{r.code | some r in lawfulbasis.deny} == {"consent.missing"} with input as object.remove(analytics_on_alice, ["subject"])
}

test_withdrawn_consent_denies if {
	{r.code | some r in lawfulbasis.deny} == {"consent.withdrawn"} with input as with_consent({"state": "withdrawn", "time": "2026-10-01T00:00:00Z"})
}

test_consent_in_state_expired_denies if {
	{r.code | some r in lawfulbasis.deny} == {"consent.expired"} with input as with_consent({"state": "expired"})
}

test_consent_past_its_expires_at_denies if {
	consent := {"state": "given", "time": "2026-06-01T00:00:00Z", "expires_at": "2026-11-29T10:15:02Z"}
	{r.code | some r in lawfulbasis.deny} == {"consent.expired"} with input as with_consent(consent)
}

test_consent_before_its_expires_at_allows if {
	consent := {"state": "given", "time": "2026-06-01T00:00:00Z", "expires_at": "2026-11-29T10:15:03Z"}
	count(lawfulbasis.deny) == 0 with input as with_consent(consent)
}

test_consent_older_than_the_catalogs_consent_expiry_denies if {
	# analytics consent lasts P1Y in the catalog
	{r.code | some r in lawfulbasis.deny} == {"consent.expired"} with input as with_consent({"state": "given", "time": "2025-11-29T10:15:02Z"})
	count(lawfulbasis.deny) == 0 with input as with_consent({"state": "given", "time": "2025-11-29T10:15:03Z"})
}

test_consent_with_unreadable_times_counts_as_expired if {
	{r.code | some r in lawfulbasis.deny} == {"consent.expired"} with input as with_consent({"state": "given", "time": "2026-06-01T00:00:00Z", "expires_at": "never"})
	{r.code | some r in lawfulbasis.deny} == {"consent.expired"} with input as with_consent({"state": "given", "time": null})
}

test_consent_without_expiry_in_the_catalog_needs_no_time if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"analytics": {"consent_expiry": null}}})
	count(lawfulbasis.deny) == 0 with input as with_consent({"state": "given", "time": null})
		with data.purposegate.catalog as catalog
}

test_consent_in_an_unknown_state_counts_as_missing if {
	{r.code | some r in lawfulbasis.deny} == {"consent.missing"} with input as with_consent({"state": "maybe"})
}

test_consent_without_a_valid_request_time_is_left_to_the_request_check if {
	count(lawfulbasis.deny) == 0 with input as object.union(analytics_on_alice, {"time": "soon"})
}

test_unknown_lawful_basis_denies if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"support": {"lawful_basis": "convenience"}}})
	lawfulbasis.deny == {{
		"code": "basis.unknown",
		"message": "purpose \"support\" declares no known lawful basis",
	}} with input as fx.sam_reads_alice
		with data.purposegate.catalog as catalog
}

test_opt_out_purpose_is_lawful_until_refused if {
	count(lawfulbasis.deny) == 0 with input as fx.mia_lists_bob
}

test_opt_out_purpose_is_denied_once_withdrawn if {
	withdrawn := {"subject": {"consents": {"marketing": {"state": "withdrawn", "time": "2026-11-01T00:00:00Z"}}}}
	lawfulbasis.deny == {{
		"code": "consent.withdrawn",
		"message": "purpose \"marketing\" is based on consent, opt-out for jurisdiction US-CA, and the subject has withdrawn it",
	}} with input as object.union(fx.mia_lists_bob, withdrawn)
}

test_opt_out_purpose_with_lapsed_consent_stays_lawful if {
	expired := {"subject": {"consents": {"marketing": {"state": "expired", "time": "2024-11-01T00:00:00Z"}}}}
	count(lawfulbasis.deny) == 0 with input as object.union(fx.mia_lists_bob, expired)
}
