# METADATA
# description: |
#   Purpose limitation (GDPR Art. 5(1)(b)): data is used only for a purpose that
#   (1) the caller's token may be used for, (2) is registered for the calling client and
#   (3) the actor's roles may pursue for this action on this resource type.
package purposegate.limitation

import data.purposegate.grants
import data.purposegate.request

purpose_in_token if {
	is_array(input.token.purposes)
	request.purpose_id in input.token.purposes
}

purpose_registered_for_client if request.purpose_id in request.client.purposes

# A staff role granted this purpose for this action on this resource type.
permitted_by_role if {
	some role in request.roles
	request.purpose_id in grants.roles[role][request.resource_type][request.action]
}

# The data subject on their own record.
permitted_by_role if {
	request.acting_on_own_record
	request.purpose_id in grants.self[request.resource_type][request.action]
}

# The actor may access records of this type for this purpose at all: the client is registered
# for the purpose and a role grants it for this action (or the data subject is on their own
# record). Without this, the decision tells the actor nothing about the subject (access.not_permitted).
may_access if {
	purpose_registered_for_client
	permitted_by_role
}

deny contains {
	"code": "purpose.not_in_token",
	"message": sprintf("purpose %q is not among the purposes this token may be used for", [request.purpose_id]),
} if {
	request.purpose_id
	not purpose_in_token
}

deny contains {
	"code": "purpose.client_unknown",
	"message": sprintf("client %v is not in the client register of the policy data", [_shown_client]),
} if {
	not request.client
}

deny contains {
	"code": "purpose.not_registered_for_client",
	"message": sprintf("purpose %q is not registered for client %q", [request.purpose_id, request.client_id]),
} if {
	request.client
	request.purpose_id
	not purpose_registered_for_client
}

deny contains {
	"code": "purpose.not_permitted_for_role",
	"message": sprintf(
		"none of the roles %v may %v %v records for purpose %q",
		[sort(request.roles), request.action, request.resource_type, request.purpose_id],
	),
} if {
	request.purpose_id
	request.action
	request.resource_type
	not permitted_by_role
}

default _shown_client := null

_shown_client := request.client_id
