# METADATA
# description: |
#   Jurisdictions. A consent-based purpose is opt-in (no lawful basis until consent is given)
#   or opt-out (lawful until the subject refuses or withdraws, CCPA style), per jurisdiction as
#   the catalog's consent_model says. Under opt-out, a Global Privacy Control signal
#   (context.gpc) opts the subject out of every purpose that sells or shares data.
package purposegate.jurisdiction

import data.purposegate.request

# The registry's jurisdiction of the data subject wins. The token's consent claim describes the
# caller, so it stands in only when the caller is the data subject.
default subject_jurisdiction := "default"

subject_jurisdiction := input.subject.jurisdiction if {
	is_string(input.subject.jurisdiction)
	input.subject.jurisdiction != ""
} else := input.token.consent.jurisdiction if {
	request.acting_on_own_record
	is_string(input.token.consent.jurisdiction)
	input.token.consent.jurisdiction != ""
}

# Anything but an explicit opt_out is opt-in: an unknown model fails closed.
default consent_model := "opt_in"

consent_model := "opt_out" if _declared_model == "opt_out"

_declared_model := request.purpose.consent_model[subject_jurisdiction]

_declared_model := request.purpose.consent_model["default"] if not _model_for_jurisdiction

_model_for_jurisdiction if request.purpose.consent_model[subject_jurisdiction]

sells_or_shares if request.purpose.sale_or_sharing == true

opted_out_by_gpc if {
	sells_or_shares
	consent_model == "opt_out"
	request.gpc
}

deny contains {
	"code": "jurisdiction.gpc_opt_out",
	"message": sprintf(
		"purpose %q sells or shares data, and a Global Privacy Control signal opts the subject (%v) out of it",
		[request.purpose_id, subject_jurisdiction],
	),
} if {
	opted_out_by_gpc
}
