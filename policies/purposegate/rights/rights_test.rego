package purposegate.rights_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx
import data.purposegate.rights

with_rights(request, subject_rights) := object.union(request, {"subject": {"rights": subject_rights}})

test_no_rights_in_progress_deny_nothing if {
	count(rights.deny) == 0 with input as fx.sam_reads_alice
	count(rights.deny) == 0 with input as object.union(fx.sam_reads_alice, {"subject": {"rights": null}})
}

test_restriction_denies_ordinary_purposes if {
	d := access.decision with input as with_rights(fx.sam_reads_alice, {"restricted": true})
	d.allow == false
	d.reasons == [{
		"code": "rights.restricted",
		"message": "the subject has restricted processing; purpose \"support\" is neither storage nor legal claims",
	}]
}

test_restriction_lets_legal_claims_through if {
	d := access.decision with input as with_rights(fx.olga_reads_legal, {"restricted": true})
		with data.purposegate.clients as fx.clients_with_legal
	d.allow == true
}

test_restriction_lets_storage_through if {
	count(rights.deny) == 0 with input as object.union(with_rights(fx.sam_reads_alice, {"restricted": true}), {"purpose": "storage"})
}

test_objection_to_marketing_denies_marketing if {
	# bob's opt-out marketing would be lawful, but he objected
	d := access.decision with input as with_rights(fx.mia_lists_bob, {"objections": ["marketing"]})
	d.allow == false
	d.reasons == [{"code": "rights.objection", "message": "the subject objects to processing for purpose \"marketing\""}]
}

test_objection_to_marketing_leaves_analytics if {
	count(rights.deny) == 0 with input as object.union(with_rights(fx.mia_lists_bob, {"objections": ["marketing"]}), {"purpose": "analytics"})
}

test_erasure_pending_denies_everything_but_the_erasure if {
	pending := with_rights(fx.alice_reads_own, {"erasure_pending": true})
	rights.deny == {{
		"code": "rights.erasure_pending",
		"message": "the subject's erasure is in progress; only the erasure itself may go on, not \"read\"",
	}} with input as pending
	every action in ["list", "update", "export", "delete", "create"] {
		{r.code | some r in rights.deny} == {"rights.erasure_pending"} with input as object.union(pending, {"action": action})
	}
}

test_erasure_goes_on_whatever_rights_are_in_progress if {
	every_right := {"restricted": true, "objections": ["account"], "erasure_pending": true}
	d := access.decision with input as object.union(with_rights(fx.alice_reads_own, every_right), {"action": "erase"})
	d.allow == true
}
