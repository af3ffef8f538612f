package purposegate.vendor_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx
import data.purposegate.vendor

test_vendor_with_a_dpa_in_force_for_the_purpose_may_process if {
	count(vendor.deny) == 0 with input as fx.mia_lists_bob
}

test_first_party_clients_need_no_dpa if {
	not vendor.processor with input as fx.sam_reads_alice
	count(vendor.deny) == 0 with input as fx.sam_reads_alice
}

test_dpa_is_in_force_on_its_first_and_last_day if {
	count(vendor.deny) == 0 with input as object.union(fx.mia_lists_bob, {"time": "2026-01-01T00:00:00Z"})
	count(vendor.deny) == 0 with input as object.union(fx.mia_lists_bob, {"time": "2027-12-31T23:59:59Z"})
}

test_dpa_not_yet_or_no_longer_in_force_denies if {
	every timestamp in ["2025-12-31T23:59:59Z", "2028-01-01T00:00:00Z"] {
		vendor.deny == {{
			"code": "vendor.dpa_not_in_force",
			"message": "the data-processing agreement DPA-2026-014 of client \"marketing-app\" is valid from 2026-01-01 to 2027-12-31, not on the request date",
		}} with input as object.union(fx.mia_lists_bob, {"time": timestamp})
	}
}

test_processor_without_dpa_is_denied if {
	d := access.decision with input as fx.mia_lists_bob
		with data.purposegate.vendors as {}
	d.allow == false
	d.reasons == [{
		"code": "vendor.dpa_missing",
		"message": "client \"marketing-app\" is a third-party processor without a data-processing agreement in the vendor register",
	}]
}

test_dpa_that_does_not_cover_the_purpose_denies if {
	vendors := object.union(data.purposegate.vendors, {"adreach": {"dpa": {"purposes": ["analytics"], "reference": 7}}})
	vendor.deny == {{
		"code": "vendor.purpose_not_covered",
		"message": "the data-processing agreement (no reference) of client \"marketing-app\" does not cover purpose \"marketing\"",
	}} with input as fx.mia_lists_bob
		with data.purposegate.vendors as vendors
}

test_categories_outside_the_dpa_are_withheld if {
	vendors := object.union(data.purposegate.vendors, {"adreach": {"dpa": {"data_categories": ["user.name"]}}})
	d := access.decision with input as fx.mia_lists_bob
		with data.purposegate.vendors as vendors
	d.allow == true
	d.fields == {"allowed": ["name"], "masked": {}, "denied": ["email", "phone", "address", "birth_date", "orders", "segment"]}
	{
		"code": "vendor.category_not_covered",
		"message": "email (user.contact.email) is not covered by the data-processing agreement of client \"marketing-app\"",
	} in d.reasons
}
