# METADATA
# description: |
#   Break-glass. An actor with the role break-glass who states a justification
#   (context.justification) is let through a denial in an emergency; the decision is then
#   marked for review. It never overrides a malformed request, an objection (Art. 21) or a
#   vendor without a valid agreement.
package purposegate.breakglass

import data.purposegate.request

role := "break-glass"

holds_role if role in request.roles

invoked if {
	holds_role
	request.justification
}

# Reason-code prefixes break-glass cannot override.
binding_prefixes := {"request.", "rights.objection", "vendor."}

binding(reason) if {
	some prefix in binding_prefixes
	startswith(reason.code, prefix)
}

used_note(overridden) := {
	"code": "breakglass.used",
	"message": sprintf(
		"break-glass access overriding %v, justified as %q; marked for review",
		[overridden, request.justification],
	),
}

justification_missing := {
	"code": "breakglass.justification_missing",
	"message": "the actor holds the break-glass role, but break-glass needs a justification (context.justification)",
}

# Break-glass sees the known fields of the record in clear; unknown fields stay withheld.
fields := {
	"allowed": [field | some field in request.fields; _known(field)],
	"masked": {},
	"denied": [field | some field in request.fields; not _known(field)],
}

_known(field) if request.field_map[field]
