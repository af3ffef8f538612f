# METADATA
# description: |
#   Vendors (GDPR Art. 28). A client marked as a third-party processor in the client register
#   needs a data-processing agreement in the vendor register that is in force on the request
#   date (valid_from and valid_until inclusive, UTC) and covers the purpose. Fields whose data
#   category the agreement does not cover are withheld (see minimization).
package purposegate.vendor

import data.purposegate.clock
import data.purposegate.request
import data.purposegate.vendors

default processor := false

processor if request.client.third_party_processor == true

dpa := vendors[request.client.vendor].dpa if processor

in_force if {
	clock.date_ns(dpa.valid_from) <= request.now_ns
	request.now_ns < clock.date_ns(dpa.valid_until) + clock.day_ns
}

purpose_covered if request.purpose_id in dpa.purposes

# The data categories the agreement covers (none without an agreement).
covered_categories := {category | some category in dpa.data_categories}

deny contains {
	"code": "vendor.dpa_missing",
	"message": sprintf(
		"client %q is a third-party processor without a data-processing agreement in the vendor register",
		[request.client_id],
	),
} if {
	processor
	not dpa
}

deny contains {
	"code": "vendor.dpa_not_in_force",
	"message": sprintf(
		"the data-processing agreement %v of client %q is valid from %v to %v, not on the request date",
		[_reference, request.client_id, dpa.valid_from, dpa.valid_until],
	),
} if {
	dpa
	request.now_ns
	not in_force
}

deny contains {
	"code": "vendor.purpose_not_covered",
	"message": sprintf(
		"the data-processing agreement %v of client %q does not cover purpose %q",
		[_reference, request.client_id, request.purpose_id],
	),
} if {
	dpa
	request.purpose_id
	not purpose_covered
}

default _reference := "(no reference)"

_reference := dpa.reference if is_string(dpa.reference)
