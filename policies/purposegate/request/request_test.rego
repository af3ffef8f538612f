package purposegate.request_test

import data.purposegate.fixtures_test as fx
import data.purposegate.request

test_a_complete_request_has_no_reason_to_deny if {
	count(request.deny) == 0 with input as fx.sam_reads_alice
}

test_every_supported_action_is_accepted if {
	every action in ["read", "list", "create", "update", "delete", "export", "erase"] {
		count(request.deny) == 0 with input as object.union(fx.sam_reads_alice, {"action": action})
	}
}

test_unsupported_action_is_denied if {
	request.deny == {{
		"code": "request.action_unsupported",
		"message": "action \"share\" is not supported; one of [\"create\", \"delete\", \"erase\", \"export\", \"list\", \"read\", \"update\"]",
	}} with input as object.union(fx.sam_reads_alice, {"action": "share"})
}

test_missing_purpose_is_denied if {
	request.deny == {{"code": "request.purpose_missing", "message": "the request names no purpose"}} with input as object.remove(fx.sam_reads_alice, ["purpose"])
}

test_empty_purpose_is_denied_as_missing if {
	codes := {r.code | some r in request.deny} with input as object.union(fx.sam_reads_alice, {"purpose": ""})
	codes == {"request.purpose_missing"}
}

test_purpose_outside_the_catalog_is_denied if {
	request.deny == {{
		"code": "request.purpose_unknown",
		"message": "purpose \"profiling\" is not in the purpose catalog",
	}} with input as object.union(fx.sam_reads_alice, {"purpose": "profiling"})
}

test_resource_type_without_field_map_is_denied if {
	request.deny == {{
		"code": "request.resource_type_unknown",
		"message": "resource type \"invoice\" has no field map in the policy data",
	}} with input as object.union(fx.sam_reads_alice, {"resource": {"type": "invoice"}})
}

test_missing_or_malformed_time_is_denied if {
	every timestamp in [null, "", "29.11.2026", 1764411302] {
		{r.code | some r in request.deny} == {"request.time_invalid"} with input as object.union(fx.sam_reads_alice, {"time": timestamp})
	}
}

test_client_falls_back_to_the_token_azp if {
	request.client_id == "support-console" with input as object.remove(fx.sam_reads_alice, ["actor"])
}

test_actor_falls_back_to_the_token_claims if {
	without_actor := object.remove(fx.alice_reads_own, ["actor"])
	request.roles == {"customer", "support-agent"} with input as object.union(without_actor, {"token": {"realm_access": {"roles": ["customer", "support-agent", 3]}}})
	request.acting_on_own_record with input as without_actor
	request.roles == set() with input as without_actor
}

test_only_an_explicit_non_human_is_not_a_person if {
	request.human with input as object.remove(fx.sam_reads_alice, ["actor"])
	not request.human with input as object.union(fx.sam_reads_alice, {"actor": {"human": false}})
}

test_a_blank_justification_is_none if {
	not request.justification with input as object.union(fx.sam_reads_alice, {"context": {"justification": "   "}})
	request.justification == "ticket 7" with input as object.union(fx.sam_reads_alice, {"context": {"justification": " ticket 7 "}})
}

test_now_comes_from_the_input_not_the_machine if {
	request.now_ns == 0 with input as {"time": "1970-01-01T00:00:00Z"}
	not request.now_ns with input as {"time": "now"}
}

test_supported_actions_match_the_message if {
	not request.action with input as {"action": "share"}
	every action in request.supported_actions {
		request.action == action with input as {"action": action}
	}
}
