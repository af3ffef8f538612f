# METADATA
# description: |
#   Staff. A person (not a service account) touching someone else's personal data needs a
#   privacy-training attestation (token claim privacy_training, epoch seconds) younger than
#   365 days on the request date. Data subjects acting on their own record need none.
package purposegate.staff

import data.purposegate.clock
import data.purposegate.request

# 365 days in nanoseconds.
training_validity_ns := 365 * clock.day_ns

applies if {
	request.human
	not request.acting_on_own_record
}

trained_at_ns := input.token.privacy_training * 1000000000 if is_number(input.token.privacy_training)

training_current if request.now_ns - trained_at_ns < training_validity_ns

deny contains {
	"code": "staff.training_missing",
	"message": sprintf(
		"%v has no privacy-training attestation (privacy_training) and may not touch personal data",
		[_who],
	),
} if {
	applies
	not trained_at_ns
}

deny contains {
	"code": "staff.training_expired",
	"message": sprintf("%v's privacy training is older than 365 days; it must be renewed", [_who]),
} if {
	applies
	trained_at_ns
	request.now_ns
	not training_current
}

default _who := "the actor"

_who := input.actor.username if is_string(input.actor.username)
