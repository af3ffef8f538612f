package purposegate.access_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx

# The demo story, end to end through every rule.

test_sam_reads_alice_for_support_with_address_redacted_and_birth_year_only if {
	d := access.decision with input as fx.sam_reads_alice
	d.allow == true
	d.review == false
	d.fields == {
		"allowed": ["name", "email", "phone", "orders"],
		"masked": {"address": "redact", "birth_date": "year_only"},
		"denied": ["segment"],
	}
	d.reasons == [{"code": "minimization.field_not_needed", "message": "segment is not needed for support"}]
}

test_mia_is_denied_alice_who_refused_marketing if {
	d := access.decision with input as fx.mia_lists_alice
	d.allow == false
	fx.codes(d) == {"consent.refused"}
	d.fields == {"allowed": [], "masked": {}, "denied": fx.customer_fields}
}

test_mia_lists_bob_who_never_decided_under_opt_out if {
	d := access.decision with input as fx.mia_lists_bob
	d.allow == true
	d.fields == {"allowed": ["name", "email", "orders", "segment"], "masked": {}, "denied": ["phone", "address", "birth_date"]}
}

test_mia_is_denied_bob_once_gpc_is_sent if {
	d := access.decision with input as object.union(fx.mia_lists_bob, {"context": {"gpc": true}})
	d.allow == false
	fx.codes(d) == {"jurisdiction.gpc_opt_out"}
}

test_mia_is_denied_bob_once_he_refused if {
	refused := {"subject": {"consents": {"marketing": {"state": "refused", "time": "2026-11-01T00:00:00Z"}}}}
	d := access.decision with input as object.union(fx.mia_lists_bob, refused)
	d.allow == false
	fx.codes(d) == {"consent.refused"}
}

test_alice_reads_her_own_record_without_training if {
	d := access.decision with input as fx.alice_reads_own
	d.allow == true
	d.fields == {"allowed": ["name", "email"], "masked": {}, "denied": []}
	d.reasons == []
}

test_olga_reads_an_old_record_for_legal_claims if {
	d := access.decision with input as fx.olga_reads_legal
		with data.purposegate.clients as fx.clients_with_legal
	d.allow == true
	d.fields.allowed == ["name", "email", "phone", "address", "birth_date", "orders"]
	d.fields.denied == ["segment"]
}

# The shape: always defined, always denying on bad input.

test_empty_input_denies_with_reasons if {
	d := access.decision with input as {}
	d.allow == false
	d.review == false
	{
		"request.action_unsupported", "request.purpose_missing",
		"request.resource_type_unknown", "request.time_invalid",
	} - fx.codes(d) == set()
	d.fields == {"allowed": [], "masked": {}, "denied": []}
}

test_input_that_is_not_an_object_denies if {
	d := access.decision with input as ["read", "support"]
	d.allow == false
	"request.purpose_missing" in fx.codes(d)
}

test_ill_typed_values_deny_instead_of_erroring if {
	ill_typed := {
		"time": 1764411302, "action": ["read"], "purpose": 7,
		"resource": {"type": {}, "fields": "name"}, "token": "x", "actor": [], "subject": "y", "context": 3,
	}
	d := access.decision with input as ill_typed
	d.allow == false
	count(d.reasons) > 0
	d.fields == {"allowed": [], "masked": {}, "denied": []}
}

test_fields_that_are_not_a_list_count_as_none if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {"resource": {"fields": "name"}})
	d.allow == true
	d.fields == {"allowed": [], "masked": {}, "denied": []}
}

test_non_string_fields_are_ignored if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {"resource": {"fields": ["name", 3, null]}})
	d.fields.allowed == ["name"]
}

test_reasons_are_sorted_and_denial_lists_every_field if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {"purpose": "marketing", "time": "yesterday"})
	d.allow == false
	d.reasons == sort(d.reasons)
	d.fields.denied == fx.customer_fields
}

# Each well-formed or malformed variation of the demo's requests and its decision: allowed or
# not, and the codes of its reasons in order. At least one allowed and one denied case per rule.
cases := [
	{"input": fx.sam_reads_alice, "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": fx.mia_lists_bob, "allow": true, "codes": ["minimization.field_not_needed", "minimization.field_not_needed", "minimization.field_not_needed"]},
	{"input": fx.mia_lists_alice, "allow": false, "codes": ["consent.refused"]},
	{"input": fx.alice_reads_own, "allow": true, "codes": []},
	{"input": object.union(fx.alice_reads_own, {"action": "erase", "subject": {"rights": {"erasure_pending": true}}}), "allow": true, "codes": []},
	{"input": object.union(fx.alice_reads_own, {"action": "delete"}), "allow": false, "codes": ["access.not_permitted"]},
	{"input": {}, "allow": false, "codes": ["access.not_permitted", "request.action_unsupported", "request.purpose_missing", "request.resource_type_unknown", "request.time_invalid"]},
	{"input": object.union(fx.sam_reads_alice, {"action": "share"}), "allow": false, "codes": ["access.not_permitted", "request.action_unsupported"]},
	{"input": object.union(fx.sam_reads_alice, {"purpose": "profiling"}), "allow": false, "codes": ["access.not_permitted", "request.purpose_unknown"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"type": "invoice"}}), "allow": false, "codes": ["access.not_permitted", "request.resource_type_unknown"]},
	{"input": object.union(fx.sam_reads_alice, {"time": "now"}), "allow": false, "codes": ["request.time_invalid"]},
	{"input": object.union(fx.sam_reads_alice, {"token": {"purposes": ["service"]}}), "allow": false, "codes": ["purpose.not_in_token"]},
	{"input": object.union(fx.sam_reads_alice, {"actor": {"client_id": "scraper"}}), "allow": false, "codes": ["access.not_permitted"]},
	{"input": object.union(fx.sam_reads_alice, {"actor": {"roles": ["customer"]}}), "allow": false, "codes": ["access.not_permitted"]},
	{"input": object.union(fx.sam_reads_alice, {"purpose": "analytics", "token": {"purposes": ["analytics"]}}), "allow": false, "codes": ["access.not_permitted"]},
	{"input": object.union(fx.mia_lists_alice, {"purpose": "analytics"}), "allow": true, "codes": ["minimization.field_not_needed", "minimization.field_not_needed", "minimization.field_not_needed", "minimization.field_not_needed"]},
	{"input": object.union(fx.mia_lists_alice, {"purpose": "analytics", "subject": {"consents": {"analytics": {"state": "expired"}}}}), "allow": false, "codes": ["consent.expired"]},
	{"input": object.union(fx.mia_lists_bob, {"subject": {"consents": {"marketing": {"state": "withdrawn"}}}}), "allow": false, "codes": ["consent.withdrawn"]},
	{"input": object.union(fx.mia_lists_bob, {"context": {"gpc": true}}), "allow": false, "codes": ["jurisdiction.gpc_opt_out"]},
	{"input": object.union(fx.sam_reads_alice, {"subject": {"rights": {"restricted": true}}}), "allow": false, "codes": ["rights.restricted"]},
	{"input": object.union(fx.mia_lists_bob, {"subject": {"rights": {"objections": ["marketing"]}}}), "allow": false, "codes": ["rights.objection"]},
	{"input": object.union(fx.sam_reads_alice, {"subject": {"rights": {"erasure_pending": true}}}), "allow": false, "codes": ["rights.erasure_pending"]},
	{"input": object.union(fx.sam_reads_alice, {"token": {"privacy_training": null}}), "allow": false, "codes": ["staff.training_missing"]},
	{"input": object.union(fx.sam_reads_alice, {"token": {"privacy_training": 1700000000}}), "allow": false, "codes": ["staff.training_expired"]},
	{"input": object.union(fx.sam_reads_alice, {"actor": {"human": false}, "token": {"privacy_training": null}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.mia_lists_bob, {"time": "2028-06-01T00:00:00Z"}), "allow": false, "codes": ["retention.expired", "staff.training_expired", "vendor.dpa_not_in_force"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"created_at": "2020-01-01T00:00:00Z"}}), "allow": false, "codes": ["retention.expired"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"created_at": "yesterday"}}), "allow": false, "codes": ["retention.created_at_invalid"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"created_at": false}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"retention_from": "2020-01-01T00:00:00Z"}}), "allow": false, "codes": ["retention.expired"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"created_at": "2001-01-01T00:00:00Z", "retention_from": "2026-10-01T00:00:00Z"}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"retention_from": "soon"}}), "allow": false, "codes": ["retention.retention_from_invalid"]},
	{"input": object.union(fx.olga_reads_legal, {"resource": {"created_at": "1990-01-01T00:00:00Z"}}), "allow": false, "codes": ["access.not_permitted"]},
	{"input": object.union(fx.sam_reads_alice, {"subject": {"rights": {"objections": ["marketing"]}}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.sam_reads_alice, {"subject": {"rights": {"restricted": "yes", "objections": "marketing"}}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.olga_reads_legal, {"subject": {"rights": {"restricted": true}}}), "allow": false, "codes": ["access.not_permitted"]},
	{"input": object.union(fx.sam_reads_alice, {"subject": "none", "context": "none"}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.sam_reads_alice, {"context": {"gpc": true}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.mia_lists_alice, {"purpose": "analytics", "context": {"gpc": true}}), "allow": true, "codes": ["minimization.field_not_needed", "minimization.field_not_needed", "minimization.field_not_needed", "minimization.field_not_needed"]},
	{"input": object.union(fx.sam_reads_alice, {"token": {"purposes": "support", "privacy_training": "2026"}}), "allow": false, "codes": ["purpose.not_in_token", "staff.training_missing"]},
	{"input": object.union(fx.alice_reads_own, {"resource": {"created_at": "2020-01-01T00:00:00Z"}}), "allow": false, "codes": ["retention.expired"]},
	{"input": object.union(fx.sam_reads_alice, {"actor": {"roles": "support-agent"}}), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"fields": ["name", 7, "ssn", "address", "name"]}}), "allow": true, "codes": ["minimization.field_unknown"]},
	{"input": object.union(fx.sam_reads_alice, {"resource": {"fields": "name"}}), "allow": true, "codes": []},
	{"input": object.remove(fx.sam_reads_alice, ["actor"]), "allow": true, "codes": ["minimization.field_not_needed"]},
	{"input": object.union(fx.mia_lists_bob, {"actor": {"client_id": 7}}), "allow": true, "codes": ["minimization.field_not_needed", "minimization.field_not_needed", "minimization.field_not_needed"]},
]

variations := [case.input | some case in cases]

test_every_variation_is_decided_as_pinned if {
	every case in cases {
		_decided_as(case) with input as case.input
	}
}

_decided_as(case) if {
	d := access.decision
	d.allow == case.allow
	d.review == false
	[r.code | some r in d.reasons] == case.codes
}

# A processor whose agreement does not cover the purpose, or that has no agreement at all.
test_vendor_without_agreement_or_purpose_denies if {
	vendors := object.union(data.purposegate.vendors, {"adreach": {"dpa": {"purposes": ["analytics"]}}})
	fx.codes(access.decision) == {"vendor.purpose_not_covered"} with input as fx.mia_lists_bob
		with data.purposegate.vendors as vendors
	fx.codes(access.decision) == {"vendor.dpa_missing"} with input as fx.mia_lists_bob with data.purposegate.vendors as {}
}

test_unknown_basis_and_retention_deny if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"support": {"lawful_basis": "convenience", "retention": "soon"}}})
	fx.codes(access.decision) == {"basis.unknown", "retention.period_invalid"} with input as fx.sam_reads_alice
		with data.purposegate.catalog as catalog
}

# No consent oracle: a caller who may not access the subject's data for the purpose learns
# nothing of the subject, not even whether it exists.

not_permitted_only := [{
	"code": "access.not_permitted",
	"message": concat(" ", [
		"the caller may not access records of this type for this purpose",
		"(no role grant or no client registration for it)",
	]),
}]

alice_asks_about_bob := object.union(fx.alice_reads_own, {
	"purpose": "service",
	"resource": {"id": "c-2", "owner": fx.bob_id},
	"subject": fx.bob,
})

test_customer_asking_about_another_customer_learns_only_not_permitted if {
	d := access.decision with input as alice_asks_about_bob
	d == {
		"allow": false, "review": false, "reasons": not_permitted_only,
		"fields": {"allowed": [], "masked": {}, "denied": ["name", "email"]},
	}
}

test_answer_is_the_same_whatever_the_other_customers_state if {
	d := access.decision with input as alice_asks_about_bob
	unknown := object.union(alice_asks_about_bob, {"resource": {"owner": "no-such-subject"}, "subject": {"known": false}})
	access.decision == d with input as unknown
	withdrawn := object.union(alice_asks_about_bob, {"subject": {
		"consents": {"service": {"state": "withdrawn", "time": "2026-06-01T08:00:00Z"}},
		"rights": {"restricted": true, "objections": ["service"], "erasure_pending": true},
	}})
	access.decision == d with input as withdrawn
	californian_gpc := object.union(alice_asks_about_bob, {"purpose": "marketing", "context": {"gpc": true}})
	access.decision.reasons == not_permitted_only with input as californian_gpc
}

test_client_without_the_purpose_learns_only_not_permitted if {
	# sam's support console never registered marketing; alice refused marketing
	d := access.decision with input as object.union(fx.sam_reads_alice, {"purpose": "marketing"})
	d.reasons == not_permitted_only
	d.fields.allowed == []
}

test_staff_granted_the_purpose_keep_the_full_reasons if {
	d := access.decision with input as object.union(fx.mia_lists_alice, {"purpose": "marketing"})
	d.allow == false
	"consent.refused" in fx.codes(d)
	not "access.not_permitted" in fx.codes(d)
}

test_malformed_request_of_a_caller_without_access_keeps_its_request_reasons if {
	d := access.decision with input as object.union(alice_asks_about_bob, {"purpose": "no-such-purpose"})
	fx.codes(d) == {"access.not_permitted", "request.purpose_unknown"}
}

test_break_glass_holder_keeps_the_full_reasons if {
	patch := {"actor": {"roles": ["support-agent", "break-glass"]}, "purpose": "marketing"}
	d := access.decision with input as object.union(fx.sam_reads_alice, patch)
	not "access.not_permitted" in fx.codes(d)
	"breakglass.justification_missing" in fx.codes(d)
}
