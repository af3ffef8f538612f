package purposegate.limitation_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx
import data.purposegate.limitation

test_support_agent_may_read_and_list_for_support if {
	every action in ["read", "list"] {
		count(limitation.deny) == 0 with input as object.union(fx.sam_reads_alice, {"action": action})
	}
}

# service is the least minimised purpose (the full address, the exact birth date); the support
# console's token may carry it and the client has it registered, but the role is not granted it,
# so a support agent who names it is denied rather than shown more than support needs.
test_support_agent_may_not_read_or_list_for_service if {
	every action in ["read", "list"] {
		request := object.union(fx.sam_reads_alice, {"action": action, "purpose": "service"})
		count(limitation.deny) > 0 with input as request
		d := access.decision with input as request
		d.allow == false
		not "address" in d.fields.allowed
	}
}

# The demo's staff roles are granted no purpose of the catalog whose view is less minimised than
# their own: support staff get support's view only.
test_support_staff_are_granted_support_alone if {
	every action, purposes in data.purposegate.grants.roles["support-agent"].customer {
		action in {"read", "list"}
		purposes == ["support"]
	}
	d := access.decision with input as fx.sam_reads_alice
	d.allow == true
	d.fields.masked.address == "redact"
}

test_purpose_not_in_token_is_denied if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {"token": {"purposes": ["service"]}})
	d.allow == false
	d.reasons == [{
		"code": "purpose.not_in_token",
		"message": "purpose \"support\" is not among the purposes this token may be used for",
	}]
}

test_token_without_purposes_is_denied if {
	codes := {r.code | some r in limitation.deny} with input as object.union(fx.sam_reads_alice, {"token": {"purposes": "support"}})
	codes == {"purpose.not_in_token"}
}

test_purpose_not_registered_for_the_client_is_denied if {
	# the token claims a purpose the support console never registered
	patch := {"purpose": "analytics", "token": {"purposes": ["analytics"]}, "actor": {"roles": ["marketing-staff"]}}
	limitation.deny == {{
		"code": "purpose.not_registered_for_client",
		"message": "purpose \"analytics\" is not registered for client \"support-console\"",
	}} with input as object.union(fx.sam_reads_alice, patch)
}

test_unknown_client_is_denied if {
	codes := {r.code | some r in limitation.deny} with input as object.union(
		fx.sam_reads_alice,
		{"actor": {"client_id": "scraper"}},
	)
	codes == {"purpose.client_unknown"}
}

test_role_without_grant_for_the_purpose_is_denied if {
	limitation.deny == {{
		"code": "purpose.not_permitted_for_role",
		"message": "none of the roles [\"customer\"] may read customer records for purpose \"support\"",
	}} with input as object.union(fx.sam_reads_alice, {"actor": {"roles": ["customer"]}})
	not limitation.may_access with input as object.union(fx.sam_reads_alice, {"actor": {"roles": ["customer"]}})
}

test_role_without_grant_for_the_action_is_denied if {
	codes := {r.code | some r in limitation.deny} with input as object.union(fx.sam_reads_alice, {"action": "export"})
	codes == {"purpose.not_permitted_for_role"}
}

test_marketing_staff_may_read_for_analytics_not_support if {
	count(limitation.deny) == 0 with input as object.union(fx.mia_lists_bob, {"action": "read", "purpose": "analytics"})
	{r.code | some r in limitation.deny} == {"purpose.not_in_token", "purpose.not_registered_for_client", "purpose.not_permitted_for_role"} with input as object.union(fx.mia_lists_bob, {"purpose": "support"})
}

test_privacy_officer_may_export_for_legal if {
	count(limitation.deny) == 0 with input as object.union(fx.olga_reads_legal, {"action": "export"})
		with data.purposegate.clients as fx.clients_with_legal
}

test_customer_may_read_update_export_and_erase_own_record if {
	every action in ["read", "update", "export", "erase"] {
		count(limitation.deny) == 0 with input as object.union(fx.alice_reads_own, {"action": action})
	}
}

test_customer_may_not_read_someone_elses_record if {
	codes := {r.code | some r in limitation.deny} with input as object.union(fx.alice_reads_own, {"resource": {"owner": fx.bob_id}})
	codes == {"purpose.not_permitted_for_role"}
}

test_customer_may_not_delete_own_record_only_erase_it if {
	codes := {r.code | some r in limitation.deny} with input as object.union(fx.alice_reads_own, {"action": "delete"})
	codes == {"purpose.not_permitted_for_role"}
}
