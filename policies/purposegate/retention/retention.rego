# METADATA
# description: |
#   Retention (GDPR Art. 5(1)(e)). A record older than the purpose's retention period
#   (catalog: retention, counted from resource.created_at) is no longer used for it, except
#   under a legal obligation. Deleting or erasing a record is always allowed: that is what
#   retention asks for. A record without created_at is not checked.
package purposegate.retention

import data.purposegate.clock
import data.purposegate.request

applies if {
	not request.removes_record
	not legal_obligation
}

legal_obligation if request.lawful_basis == "legal_obligation"

dated if input.resource.created_at

created_ns := time.parse_rfc3339_ns(input.resource.created_at) if is_string(input.resource.created_at)

kept_until_ns := clock.after(created_ns, request.purpose.retention)

# The rule holds (no reason to deny), checked positively so an allowed decision never builds
# the reasons; access_test pins that it agrees with deny. The usual case (a record still
# within its period) comes first: OPA stops at the first body that holds.
# (kept_until_ns > request.now_ns, written out: one rule instead of three.)
# A period in years (all the shipped catalog's are) is added in the body itself, the same as
# clock.after does, without calling it; other periods go through clock.after below.
ok if {
	is_string(input.resource.created_at)
	duration := request.purpose.retention
	startswith(duration, "P")
	endswith(duration, "Y")
	years := to_number(trim_suffix(substring(duration, 1, -1), "Y"))
	years >= 0
	time.add_date(time.parse_rfc3339_ns(input.resource.created_at), years, 0, 0) > request.now_ns
}

ok if {
	is_string(input.resource.created_at)
	clock.after(time.parse_rfc3339_ns(input.resource.created_at), request.purpose.retention) > request.now_ns
}

ok if not applies

ok if not dated

deny contains {
	"code": "retention.expired",
	"message": sprintf(
		"the record was created on %v; purpose %q keeps data for %v, which has passed",
		[input.resource.created_at, request.purpose_id, request.purpose.retention],
	),
} if {
	applies
	kept_until_ns <= request.now_ns
}

deny contains {
	"code": "retention.created_at_invalid",
	"message": "resource.created_at is not an RFC 3339 time, so retention cannot be checked",
} if {
	applies
	dated
	not created_ns
}

deny contains {
	"code": "retention.period_invalid",
	"message": sprintf(
		"purpose %q has no retention period the policy understands (ISO 8601 years, months, weeks, days)",
		[request.purpose_id],
	),
} if {
	applies
	created_ns
	request.purpose
	not kept_until_ns
}
