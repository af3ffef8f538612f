package purposegate.staff_test

import data.purposegate.access
import data.purposegate.fixtures_test as fx
import data.purposegate.staff

# 2025-11-29T10:15:03Z: 365 days before the fixtures' request time, less one second.
trained_364_days_ago := 1764411303

test_recently_trained_staff_may_read if {
	count(staff.deny) == 0 with input as fx.sam_reads_alice
	count(staff.deny) == 0 with input as object.union(fx.sam_reads_alice, {"token": {"privacy_training": trained_364_days_ago}})
}

test_untrained_staff_is_denied_and_told_why if {
	d := access.decision with input as object.remove(fx.sam_reads_alice, ["token"])
	d.allow == false
	{
		"code": "staff.training_missing",
		"message": "sam has no privacy-training attestation (privacy_training) and may not touch personal data",
	} in d.reasons
}

test_training_of_365_days_or_more_is_expired if {
	staff.deny == {{
		"code": "staff.training_expired",
		"message": "sam's privacy training is older than 365 days; it must be renewed",
	}} with input as object.union(fx.sam_reads_alice, {"token": {"privacy_training": trained_364_days_ago - 1}})
}

test_training_that_is_not_epoch_seconds_counts_as_missing if {
	{r.code | some r in staff.deny} == {"staff.training_missing"} with input as object.union(fx.sam_reads_alice, {"token": {"privacy_training": "2026-01-01"}})
}

test_service_accounts_need_no_training if {
	service := object.union(fx.sam_reads_alice, {"actor": {"human": false, "username": "service-account-support-console"}, "token": {"privacy_training": null}})
	count(staff.deny) == 0 with input as service
}

test_subjects_on_their_own_record_need_no_training if {
	count(staff.deny) == 0 with input as fx.alice_reads_own
}

test_an_anonymous_actor_is_named_generically if {
	anonymous := object.union(object.remove(fx.sam_reads_alice, ["actor"]), {"token": {"privacy_training": null}})
	staff.deny == {{
		"code": "staff.training_missing",
		"message": "the actor has no privacy-training attestation (privacy_training) and may not touch personal data",
	}} with input as anonymous
}
