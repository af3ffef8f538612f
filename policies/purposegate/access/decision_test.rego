package purposegate.access_test

import data.purposegate.access

support_read := {
	"action": "read",
	"purpose": "support",
	"token": {"sub": "sam-id", "azp": "support-console", "purposes": ["service", "support"]},
	"resource": {"type": "customer", "id": "c-1", "owner": "alice-id", "fields": ["name", "email"]},
}

test_read_allowed_when_purpose_in_token if {
	d := access.decision with input as support_read
	d.allow == true
	d.reasons == []
	d.fields == {"allowed": ["name", "email"], "masked": {}, "denied": []}
}

test_read_denied_when_purpose_not_in_token if {
	d := access.decision with input as object.union(support_read, {"purpose": "marketing"})
	d.allow == false
	d.reasons == [{
		"code": "purpose.not_in_token",
		"message": "purpose \"marketing\" is not among the purposes this token may be used for",
	}]
	d.fields == {"allowed": [], "masked": {}, "denied": ["name", "email"]}
}

test_denied_when_token_has_no_purposes if {
	d := access.decision with input as object.remove(support_read, ["token"])
	d.allow == false
	d.reasons[_].code == "purpose.not_in_token"
}

test_denied_when_purposes_claim_is_not_a_list if {
	d := access.decision with input as object.union(support_read, {"token": {"purposes": "support"}})
	d.allow == false
}

test_denied_when_purpose_missing if {
	d := access.decision with input as object.remove(support_read, ["purpose"])
	d.allow == false
	d.reasons == [{"code": "request.purpose_missing", "message": "the request names no purpose"}]
}

test_denied_for_unsupported_action if {
	d := access.decision with input as object.union(support_read, {"action": "erase"})
	d.allow == false
	[r.code | some r in d.reasons] == ["request.action_unsupported"]
}

test_empty_input_denies_with_reasons if {
	d := access.decision with input as {}
	d.allow == false
	count(d.reasons) == 2
	d.fields.allowed == []
}

test_ill_typed_fields_are_treated_as_none if {
	d := access.decision with input as object.union(support_read, {"resource": {"fields": "name"}})
	d.allow == true
	d.fields.allowed == []
}
