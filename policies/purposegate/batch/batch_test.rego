package purposegate.batch_test

import data.purposegate.access
import data.purposegate.batch
import data.purposegate.fixtures_test as fx

# Every item of a batch gets the decision access gives it alone, in the order of the items.

items := [fx.sam_reads_alice, fx.mia_lists_alice, fx.mia_lists_bob, fx.alice_reads_own]

test_each_item_gets_the_decision_it_gets_alone if {
	ds := batch.decisions with input as {"items": items}
	count(ds) == count(items)
	every i, item in items {
		ds[i] == access.decision with input as item
	}
}

test_allowed_denied_and_masked_items_keep_their_order if {
	ds := batch.decisions with input as {"items": items}
	ds[0].allow == true
	ds[0].fields.masked == {"address": "redact", "birth_date": "year_only"}
	ds[1].allow == false
	fx.codes(ds[1]) == {"consent.refused"}
	ds[2].allow == true
	ds[3].allow == true
	ds[3].fields == {"allowed": ["name", "email"], "masked": {}, "denied": []}
}

test_items_are_decided_independently if {
	# a GPC signal on one item denies that item only
	gpc := object.union(fx.mia_lists_bob, {"context": {"gpc": true}})
	ds := batch.decisions with input as {"items": [fx.mia_lists_bob, gpc, fx.mia_lists_bob]}
	[d.allow | some d in ds] == [true, false, true]
	fx.codes(ds[1]) == {"jurisdiction.gpc_opt_out"}
}

test_a_malformed_item_is_denied_not_dropped if {
	ds := batch.decisions with input as {"items": [{}, fx.sam_reads_alice]}
	count(ds) == 2
	ds[0].allow == false
	ds[1].allow == true
}

test_no_items_no_decisions if {
	batch.decisions with input as {"items": []} == []
}

test_items_not_a_list_is_no_decision if {
	batch.decisions with input as {"items": {"a": fx.sam_reads_alice}} == []
	batch.decisions with input as {} == []
}
