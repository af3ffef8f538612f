# METADATA
# description: |
#   Data-subject rights in progress (input.subject.rights, from the consent registry).
#   Restriction (GDPR Art. 18): only purposes marked allowed_while_restricted (storage, legal
#   claims) go on. Objection (Art. 21): an objected purpose is denied, direct marketing
#   without exception. Erasure pending (Art. 17): everything but the erasure itself is denied.
#   The erase action itself is never blocked by a right: it is how the subject exercises them.
package purposegate.rights

import data.purposegate.request

restricted if input.subject.rights.restricted == true

erasure_pending if input.subject.rights.erasure_pending == true

objected if {
	is_array(input.subject.rights.objections)
	request.purpose_id in input.subject.rights.objections
}

allowed_while_restricted if request.purpose.allowed_while_restricted == true

erasing if request.action == "erase"

restriction_blocks if {
	restricted
	not erasing
	not allowed_while_restricted
}

objection_blocks if {
	objected
	not erasing
}

erasure_blocks if {
	erasure_pending
	not erasing
}

deny contains {
	"code": "rights.restricted",
	"message": sprintf(
		"the subject has restricted processing; purpose %q is neither storage nor legal claims",
		[request.purpose_id],
	),
} if {
	restriction_blocks
}

deny contains {
	"code": "rights.objection",
	"message": sprintf("the subject objects to processing for purpose %q", [request.purpose_id]),
} if {
	objection_blocks
}

deny contains {
	"code": "rights.erasure_pending",
	"message": sprintf(
		"the subject's erasure is in progress; only the erasure itself may go on, not %v",
		[json.marshal(request.sent_action)],
	),
} if {
	erasure_blocks
}
