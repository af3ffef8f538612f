package purposegate.jurisdiction_test

import data.purposegate.fixtures_test as fx
import data.purposegate.jurisdiction

test_registry_jurisdiction_wins if {
	jurisdiction.subject_jurisdiction == "US-CA" with input as fx.mia_lists_bob
}

test_token_jurisdiction_counts_only_for_the_subject_themselves if {
	unregistered := object.union(fx.alice_reads_own, {"subject": {"jurisdiction": null}})
	jurisdiction.subject_jurisdiction == "EU" with input as unregistered
	staff_token := object.union(fx.sam_reads_alice, {"subject": {"jurisdiction": ""}, "token": {"consent": {"jurisdiction": "US-CA"}}})
	jurisdiction.subject_jurisdiction == "default" with input as staff_token
}

test_eu_consent_purposes_are_opt_in if {
	jurisdiction.consent_model == "opt_in" with input as fx.mia_lists_alice
}

test_california_consent_purposes_are_opt_out if {
	jurisdiction.consent_model == "opt_out" with input as fx.mia_lists_bob
}

test_other_jurisdictions_take_the_default_model if {
	jurisdiction.consent_model == "opt_in" with input as object.union(fx.mia_lists_bob, {"subject": {"jurisdiction": "BR"}})
}

test_unknown_model_fails_closed_to_opt_in if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"marketing": {"consent_model": {"US-CA": "opt_maybe"}}}})
	jurisdiction.consent_model == "opt_in" with input as fx.mia_lists_bob with data.purposegate.catalog as catalog
}

test_gpc_opts_a_californian_out_of_sale_or_sharing if {
	jurisdiction.deny == {{
		"code": "jurisdiction.gpc_opt_out",
		"message": "purpose \"marketing\" sells or shares data, and a Global Privacy Control signal opts the subject (US-CA) out of it",
	}} with input as object.union(fx.mia_lists_bob, {"context": {"gpc": true}})
}

test_gpc_leaves_purposes_that_do_not_sell_or_share if {
	count(jurisdiction.deny) == 0 with input as object.union(fx.mia_lists_bob, {"purpose": "analytics", "context": {"gpc": true}})
}

test_gpc_other_than_true_is_no_signal if {
	every gpc in [false, "true", 1, null] {
		count(jurisdiction.deny) == 0 with input as object.union(fx.mia_lists_bob, {"context": {"gpc": gpc}})
	}
}
