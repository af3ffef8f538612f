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

anchor_ns := clock.instant_ns(anchor)

kept_until_ns := clock.after(anchor_ns, request.purpose.retention)

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
