# METADATA
# description: |
#   Retention (GDPR Art. 5(1)(e)). A record whose purpose's retention period (catalog:
#   retention) has passed is no longer used for that purpose, except under a legal obligation.
#   The period runs from resource.retention_from, the time the application names (for a
#   customer record its last activity: a contract purpose runs from the end of the
#   relationship), or, for one release, from resource.created_at when retention_from is absent.
#   Deleting or erasing a record is always allowed: that is what retention asks for. A record
#   with neither is not checked.
package purposegate.retention

import data.purposegate.clock
import data.purposegate.request

applies if {
	not request.removes_record
	not legal_obligation
}

legal_obligation if request.lawful_basis == "legal_obligation"

# Which resource property the period runs from: retention_from, else (deprecated) created_at.
anchor_field := "retention_from" if {
	input.resource.retention_from
} else := "created_at" if {
	input.resource.created_at
}

anchor := input.resource[anchor_field]

dated if anchor_field

anchor_ns := time.parse_rfc3339_ns(anchor) if is_string(anchor)

kept_until_ns := clock.after(anchor_ns, request.purpose.retention)

# The rule holds (no reason to deny), checked positively so an allowed decision never builds
# the reasons; access_test pins that it agrees with deny. The usual case (a record still
# within its period) comes first: OPA stops at the first body that holds.
# (kept_until_ns > request.now_ns, written out: one rule instead of three.)
# A period in years (all the shipped catalog's are) is added in the body itself, the same as
# clock.after does, without calling it; other periods go through clock.after below.
ok if {
	is_string(anchor)
	duration := request.purpose.retention
	startswith(duration, "P")
	endswith(duration, "Y")
	years := to_number(trim_suffix(substring(duration, 1, -1), "Y"))
	years >= 0
	time.add_date(time.parse_rfc3339_ns(anchor), years, 0, 0) > request.now_ns
}

ok if {
	is_string(anchor)
	clock.after(time.parse_rfc3339_ns(anchor), request.purpose.retention) > request.now_ns
}

ok if not applies

ok if not dated

deny contains {
	"code": "retention.expired",
	"message": sprintf(
		"the record's retention period runs from %v (resource.%v); purpose %q keeps data for %v, which has passed",
		[anchor, anchor_field, request.purpose_id, request.purpose.retention],
	),
} if {
	applies
	kept_until_ns <= request.now_ns
}

deny contains {
	"code": sprintf("retention.%v_invalid", [anchor_field]),
	"message": sprintf("resource.%v is not an RFC 3339 time, so retention cannot be checked", [anchor_field]),
} if {
	applies
	dated
	not anchor_ns
}

deny contains {
	"code": "retention.period_invalid",
	"message": sprintf(
		"purpose %q has no retention period the policy understands (ISO 8601 years, months, weeks, days)",
		[request.purpose_id],
	),
} if {
	applies
	anchor_ns
	request.purpose
	not kept_until_ns
}
