# The decision for one access to personal data: may this caller, with this token,
# do this action on this resource for this purpose?
#
# Entry point: data.purposegate.access.decision, always an object with
# allow, reasons (code + message) and fields (allowed, masked, denied).
# Missing or ill-typed input never leaves the decision undefined: it denies.
package purposegate.access

default decision := {
	"allow": false,
	"reasons": [{
		"code": "policy.no_decision",
		"message": "the policy could not reach a decision for this input",
	}],
	"fields": {"allowed": [], "masked": {}, "denied": []},
}

decision := {
	"allow": allow,
	"reasons": reasons,
	"fields": fields,
}

default allow := false

allow if {
	count(deny) == 0
}

# Sorted so that the same input always yields the same, diffable decision.
reasons := sort([r | some r in deny])

requested_fields := input.resource.fields if is_array(input.resource.fields)

else := []

fields := {"allowed": requested_fields, "masked": {}, "denied": []} if allow

else := {"allowed": [], "masked": {}, "denied": requested_fields}

supported_actions := {"read"}

deny contains {
	"code": "request.action_unsupported",
	"message": sprintf("action %v is not supported by this policy", [object.get(input, "action", null)]),
} if {
	not action_supported
}

deny contains {
	"code": "request.purpose_missing",
	"message": "the request names no purpose",
} if {
	not purpose_named
}

deny contains {
	"code": "purpose.not_in_token",
	"message": sprintf("purpose %q is not among the purposes this token may be used for", [input.purpose]),
} if {
	purpose_named
	not purpose_in_token
}

# Helper rules keep negation on rules, not on expressions over possibly-missing input.
action_supported if input.action in supported_actions

purpose_named if is_string(input.purpose)

purpose_in_token if {
	is_array(input.token.purposes)
	input.purpose in input.token.purposes
}
