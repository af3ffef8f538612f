# METADATA
# description: |
#   The request as the other rules read it: checked, typed and looked up once.
#   Every other package reads the input through these rules, so a missing or ill-typed
#   value is undefined here (and denied below with a request.* reason), never an error.
package purposegate.request

import data.purposegate.catalog
import data.purposegate.clients
import data.purposegate.resources

# Actions the PDP accepts. read, list and export disclose fields; create and update write them;
# delete and erase remove a record and disclose nothing.
supported_actions := {"read", "list", "create", "update", "delete", "export", "erase"}

action := input.action if input.action in supported_actions

removes_record if action in {"delete", "erase"}

purpose_id := input.purpose if {
	is_string(input.purpose)
	input.purpose != ""
}

purpose := catalog.purposes[purpose_id]

lawful_basis := purpose.lawful_basis

resource_type := input.resource.type if is_string(input.resource.type)

# Field name -> data category for the resource type.
field_map := resources[resource_type].fields

# The requested fields; anything that is not a list of names counts as no field.
default fields := []

fields := [f | some f in input.resource.fields; is_string(f)] if is_array(input.resource.fields)

# The actor's realm roles; the PDP derives actor from the token, so the token's own realm roles
# stand in when actor is missing.
default roles := set()

roles := {r | some r in input.actor.roles; is_string(r)} if {
	is_array(input.actor.roles)
} else := {r | some r in input.token.realm_access.roles; is_string(r)} if {
	is_array(input.token.realm_access.roles)
}

user_id := input.actor.user_id if {
	is_string(input.actor.user_id)
	input.actor.user_id != ""
} else := input.token.sub if {
	is_string(input.token.sub)
	input.token.sub != ""
}

client_id := input.actor.client_id if is_string(input.actor.client_id)

else := input.token.azp if is_string(input.token.azp)

# The calling client's entry in the client register.
client := clients[client_id]

# Only an explicit human: false (a client's service account) is not a person; missing means human.
human if not _declared_non_human

_declared_non_human if input.actor.human == false

# The data subject acting on their own record.
acting_on_own_record if user_id == input.resource.owner

gpc if input.context.gpc == true

justification := trim_space(input.context.justification) if {
	is_string(input.context.justification)
	trim_space(input.context.justification) != ""
}

# The request time in nanoseconds since the epoch (the request's own clock, see clock);
# undefined when input.time is not RFC 3339.
now_ns := time.parse_rfc3339_ns(input.time) if is_string(input.time)

# What the caller sent, for messages only.
default sent_action := null

sent_action := input.action

default sent_resource_type := null

sent_resource_type := input.resource.type

deny contains {
	"code": "request.action_unsupported",
	"message": sprintf("action %v is not supported; one of %v", [json.marshal(sent_action), sort(supported_actions)]),
} if {
	not action
}

deny contains {
	"code": "request.purpose_missing",
	"message": "the request names no purpose",
} if {
	not purpose_id
}

deny contains {
	"code": "request.purpose_unknown",
	"message": sprintf("purpose %q is not in the purpose catalog", [purpose_id]),
} if {
	purpose_id
	not purpose
}

deny contains {
	"code": "request.resource_type_unknown",
	"message": sprintf("resource type %v has no field map in the policy data", [json.marshal(sent_resource_type)]),
} if {
	not field_map
}

deny contains {
	"code": "request.time_invalid",
	"message": "the request carries no valid time (RFC 3339), so no time-bound rule can be checked",
} if {
	not now_ns
}
