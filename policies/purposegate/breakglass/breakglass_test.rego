package purposegate.breakglass_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx

# sam, untrained and without a grant for legal, opens a record in an emergency.
emergency := object.union(fx.sam_reads_alice, {
	"purpose": "legal",
	"token": {"purposes": ["service", "support"], "privacy_training": null},
	"actor": {"roles": ["support-agent", "break-glass"]},
	"context": {"justification": "incident 2026-118: fraud on the account"},
})

test_break_glass_with_justification_is_allowed_and_marked_for_review if {
	d := access.decision with input as emergency
	d.allow == true
	d.review == true
	d.fields == {"allowed": fx.customer_fields, "masked": {}, "denied": []}
	d.reasons == [{
		"code": "breakglass.used",
		"message": concat("", [
			"break-glass access overriding [\"purpose.not_in_token\", \"purpose.not_permitted_for_role\", ",
			"\"purpose.not_registered_for_client\", \"staff.training_missing\"], justified as ",
			"\"incident 2026-118: fraud on the account\"; marked for review",
		]),
	}]
}

test_break_glass_keeps_unknown_fields_withheld if {
	d := access.decision with input as object.union(emergency, {"resource": {"fields": ["name", "ssn"]}})
	d.fields == {"allowed": ["name"], "masked": {}, "denied": ["ssn"]}
}

test_break_glass_without_justification_is_denied_and_told_why if {
	d := access.decision with input as object.union(emergency, {"context": {"justification": " "}})
	d.allow == false
	d.review == false
	{
		"code": "breakglass.justification_missing",
		"message": "the actor holds the break-glass role, but break-glass needs a justification (context.justification)",
	} in d.reasons
}

test_justification_without_the_role_is_nothing if {
	d := access.decision with input as object.union(emergency, {"actor": {"roles": ["support-agent"]}})
	d.allow == false
	not "breakglass.justification_missing" in fx.codes(d)
}

test_break_glass_does_not_override_an_objection if {
	objected := object.union(emergency, {"subject": {"rights": {"objections": ["legal"]}}})
	d := access.decision with input as objected
	d.allow == false
	d.review == false
}

test_break_glass_does_not_override_a_malformed_request if {
	d := access.decision with input as object.union(emergency, {"time": "now"})
	d.allow == false
}

test_break_glass_does_not_override_a_vendor_without_agreement if {
	through_vendor := object.union(emergency, {"actor": {"client_id": "marketing-app"}})
	d := access.decision with input as through_vendor
		with data.purposegate.vendors as {}
	d.allow == false
	"vendor.dpa_missing" in fx.codes(d)
}

test_a_request_allowed_anyway_is_not_break_glass if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {
		"actor": {"roles": ["support-agent", "break-glass"]},
		"context": {"justification": "just in case"},
	})
	d.allow == true
	d.review == false
}
