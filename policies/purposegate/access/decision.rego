# METADATA
# description: |
#   The decision for one access to personal data: may this actor, through this client, do
#   this action on this resource for this purpose, and which fields may it see?
#   Each rule lives in its own package beside this one and contributes reasons to deny;
#   this package only combines them. Missing or ill-typed input never leaves the decision
#   undefined: it denies with a reason.
package purposegate.access

import data.purposegate.breakglass
import data.purposegate.jurisdiction
import data.purposegate.lawfulbasis
import data.purposegate.limitation
import data.purposegate.minimization
import data.purposegate.request
import data.purposegate.retention
import data.purposegate.rights
import data.purposegate.staff
import data.purposegate.vendor

# METADATA
# description: Always an object with allow, review, reasons (code + message) and fields.
# entrypoint: true
default decision := {
	"allow": false,
	"review": false,
	"reasons": [{
		"code": "policy.no_decision",
		"message": "the policy could not reach a decision for this input",
	}],
	"fields": {"allowed": [], "masked": {}, "denied": []},
}

decision := {
	"allow": allow,
	"review": review,
	"reasons": reasons,
	"fields": fields,
}

# Every rule's reasons to deny, in the order a privacy officer would check them.
rule_denials := [
	request.deny,
	limitation.deny,
	lawfulbasis.deny,
	jurisdiction.deny,
	rights.deny,
	staff.deny,
	vendor.deny,
	retention.deny,
]

deny contains reason if {
	some denials in rule_denials
	some reason in denials
}

# Denials that break-glass cannot lift.
binding_deny contains reason if {
	some reason in deny
	breakglass.binding(reason)
}

# Every rule holds: no reason to deny.
allowed_by_rules if count(deny) == 0

allowed_by_breakglass if {
	not allowed_by_rules
	breakglass.invoked
	count(binding_deny) == 0
}

default allow := false

allow if allowed_by_rules

allow if allowed_by_breakglass

# A break-glass access is allowed but flagged for a privacy officer's review.
default review := false

review if allowed_by_breakglass

# No consent oracle. An actor who may not access this subject's data for this purpose at all
# (its client is not registered for the purpose, or no role grants it for this action on this
# type, a data subject asking about another subject's record included) learns nothing about the
# subject: not its consent, jurisdiction or rights, not even whether it exists. One generic
# reason replaces every other (a malformed request keeps its request.* reasons, which are about
# the request alone), and the PDP drops consent_v. A break-glass holder keeps the full
# reasons: its access is an emergency exception the reasons explain, and it is reviewed.
not_permitted if {
	not limitation.may_access
	not breakglass.holds_role
}

not_permitted_reason := {
	"code": "access.not_permitted",
	"message": concat(" ", [
		"the caller may not access records of this type for this purpose",
		"(no role grant or no client registration for it)",
	]),
}

# Sorted so that the same input always yields the same, diffable decision.
reasons := sort(minimization.notes) if allowed_by_rules

else := [breakglass.used_note(sort({reason.code | some reason in deny}))] if allowed_by_breakglass

else := sort(request.deny | {not_permitted_reason}) if not_permitted

else := sort(deny | {breakglass.justification_missing}) if breakglass.holds_role

else := sort(deny)

fields := minimization.fields if allowed_by_rules

else := breakglass.fields if allowed_by_breakglass

else := {"allowed": [], "masked": {}, "denied": request.fields}
