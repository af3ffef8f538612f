package purposegate.retention_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx
import data.purposegate.retention

# support keeps data for P2Y: a record created on 2024-11-29T10:15:03Z is still in it.
test_record_inside_the_retention_period_may_be_used if {
	count(retention.deny) == 0 with input as fx.sam_reads_alice
	count(retention.deny) == 0 with input as object.union(fx.sam_reads_alice, {"resource": {"created_at": "2024-11-29T10:15:03Z"}})
}

# created_at is the fallback of one release, for callers that send no retention_from.
test_record_past_the_retention_period_counted_from_created_at_is_denied if {
	d := access.decision with input as object.union(fx.sam_reads_alice, {"resource": {"created_at": "2024-11-29T10:15:02.123Z"}})
	d.allow == false
	d.reasons == [{
		"code": "retention.expired",
		"message": "the record's retention period runs from 2024-11-29T10:15:02.123Z (resource.created_at); purpose \"support\" keeps data for P2Y, which has passed",
	}]
}

# The period runs from retention_from (the record's last activity), not from its creation: a
# customer created long ago who ordered last month is still within support's P2Y.
test_retention_counts_from_retention_from_not_from_created_at if {
	active := object.union(fx.sam_reads_alice, {"resource": {"created_at": "2001-01-01T00:00:00Z", "retention_from": "2026-10-30T00:00:00Z"}})
	count(retention.deny) == 0 with input as active
	access.decision.allow with input as active
}

test_record_past_the_retention_period_counted_from_retention_from_is_denied if {
	ended := object.union(fx.sam_reads_alice, {"resource": {"created_at": "2026-01-01T00:00:00Z", "retention_from": "2024-11-29T10:15:02.123Z"}})
	d := access.decision with input as ended
	d.allow == false
	d.reasons == [{
		"code": "retention.expired",
		"message": "the record's retention period runs from 2024-11-29T10:15:02.123Z (resource.retention_from); purpose \"support\" keeps data for P2Y, which has passed",
	}]
}

# A contract purpose runs from the end of the relationship: service keeps data for P6Y after it.
test_relationship_ended_past_the_contract_purposes_period_is_denied_for_it if {
	service := object.union(fx.alice_reads_own, {"purpose": "service"})
	within := object.union(service, {"resource": {"retention_from": "2021-01-01T00:00:00Z"}})
	count(retention.deny) == 0 with input as within
	past := object.union(service, {"resource": {"retention_from": "2019-09-01T00:00:00Z"}})
	{r.code | some r in retention.deny} == {"retention.expired"} with input as past
}

test_malformed_retention_from_denies if {
	retention.deny == {{
		"code": "retention.retention_from_invalid",
		"message": "resource.retention_from is not an RFC 3339 time, so retention cannot be checked",
	}} with input as object.union(fx.sam_reads_alice, {"resource": {"retention_from": "last summer"}})
}

test_legal_obligation_is_not_bound_by_retention if {
	# olga's record is from 2016; legal keeps data for P10Y, and is exempt anyway
	old := object.union(fx.olga_reads_legal, {"resource": {"created_at": "1990-01-01T00:00:00Z"}})
	count(retention.deny) == 0 with input as old
}

test_deleting_or_erasing_an_old_record_is_allowed if {
	every action in ["delete", "erase"] {
		count(retention.deny) == 0 with input as object.union(fx.sam_reads_alice, {"action": action, "resource": {"created_at": "2001-01-01T00:00:00Z"}})
	}
}

test_record_without_retention_from_or_created_at_is_not_checked if {
	count(retention.deny) == 0 with input as fx.alice_reads_own
}

test_malformed_created_at_denies if {
	retention.deny == {{
		"code": "retention.created_at_invalid",
		"message": "resource.created_at is not an RFC 3339 time, so retention cannot be checked",
	}} with input as object.union(fx.sam_reads_alice, {"resource": {"created_at": "last year"}})
}

test_retention_period_the_policy_cannot_read_denies if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"support": {"retention": "two years"}}})
	{r.code | some r in retention.deny} == {"retention.period_invalid"} with input as fx.sam_reads_alice
		with data.purposegate.catalog as catalog
}

# A period in months: support keeps data for P18M here; the request is on 2026-11-29.
test_period_in_months_is_counted_in_months if {
	catalog := object.union(data.purposegate.catalog, {"purposes": {"support": {"retention": "P18M"}}})
	inside := object.union(fx.sam_reads_alice, {"resource": {"created_at": "2025-06-01T00:00:00Z"}})
	count(retention.deny) == 0 with input as inside with data.purposegate.catalog as catalog
	past := object.union(fx.sam_reads_alice, {"resource": {"created_at": "2025-05-01T00:00:00Z"}})
	{r.code | some r in retention.deny} == {"retention.expired"} with input as past with data.purposegate.catalog as catalog
}
