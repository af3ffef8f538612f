package purposegate.minimization_test

import data.purposegate.access
import data.purposegate.access_test
import data.purposegate.fixtures_test as fx
import data.purposegate.minimization
import data.purposegate.request

test_purpose_categories_are_allowed_masked_or_denied if {
	minimization.fields == {
		"allowed": ["name", "email", "phone", "orders"],
		"masked": {"address": "redact", "birth_date": "year_only"},
		"denied": ["segment"],
	} with input as fx.sam_reads_alice
}

test_every_mask_strategy_is_passed_on if {
	masks := {
		"user.name": "initials", "user.contact.email": "hash", "user.contact.phone_number": "last4",
		"user.contact.address": "redact", "user.demographic.date_of_birth": "year_only",
	}
	catalog := object.union(data.purposegate.catalog, {"purposes": {"research": {"data_categories": [], "masked": masks}}})
	request := object.union(fx.sam_reads_alice, {"purpose": "research"})
	minimization.fields.masked == {
		"name": "initials", "email": "hash", "phone": "last4",
		"address": "redact", "birth_date": "year_only",
	} with input as request
		with data.purposegate.catalog as catalog
}

test_field_not_needed_is_explained if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {"resource": {"fields": ["name", "segment"]}})
	d.allow == true
	d.fields == {"allowed": ["name"], "masked": {}, "denied": ["segment"]}
	d.reasons == [{"code": "minimization.field_not_needed", "message": "segment is not needed for support"}]
}

test_unknown_field_is_withheld if {
	request := object.union(fx.sam_reads_alice, {"resource": {"fields": ["name", "ssn"]}})
	minimization.fields == {"allowed": ["name"], "masked": {}, "denied": ["ssn"]} with input as request
	minimization.notes == {{
		"code": "minimization.field_unknown",
		"message": "ssn is not a known field of customer records, so it is withheld",
	}} with input as request
}

test_unknown_mask_strategy_withholds_the_field if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"support": {"masked": {"user.contact.address": "blur"}}}})
	request := object.union(fx.sam_reads_alice, {"resource": {"fields": ["address"]}})
	minimization.fields == {"allowed": [], "masked": {}, "denied": ["address"]} with input as request
		with data.purposegate.catalog as catalog
	{n.code | some n in minimization.notes} == {"minimization.mask_unknown"} with input as request
		with data.purposegate.catalog as catalog
}

test_legal_obligation_stays_inside_its_categories if {
	d := access.decision with input as fx.olga_reads_legal
		with data.purposegate.clients as fx.clients_with_legal
	d.fields.denied == ["segment"]
}

test_delete_and_erase_disclose_nothing_so_fields_pass if {
	every action in ["delete", "erase"] {
		minimization.fields == {"allowed": fx.customer_fields, "masked": {}, "denied": []} with input as object.union(fx.sam_reads_alice, {"action": action})
	}
}

test_no_fields_requested_yields_empty_lists if {
	minimization.fields == {"allowed": [], "masked": {}, "denied": []} with input as object.remove(fx.sam_reads_alice, ["resource"])
}

# Every requested field (a name) lands in exactly one of allowed, masked and denied, on every
# variation of the access tests.
test_every_requested_field_lands_in_exactly_one_list if {
	every variation in access_test.variations {
		_one_list_per_field with input as variation
	}
}

_one_list_per_field if {
	allowed := {field | some field in minimization.fields.allowed}
	masked := object.keys(minimization.fields.masked)
	denied := {field | some field in minimization.fields.denied}
	(allowed | masked) | denied == {field | some field in request.fields}
	(count(allowed & masked) + count(allowed & denied)) + count(masked & denied) == 0
}
