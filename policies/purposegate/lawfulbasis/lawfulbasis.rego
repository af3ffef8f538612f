# METADATA
# description: |
#   Lawful basis (GDPR Art. 6). A consent-based purpose needs the data subject's current
#   consent as the PDP's consent registry reports it (input.subject.consents): given, not
#   withdrawn, not expired. Under an opt-out model (see jurisdiction) it is lawful until the
#   subject refuses or withdraws. Contract, legal obligation and the other bases need no
#   consent; they stay inside their declared data categories (see minimization).
package purposegate.lawfulbasis

import data.purposegate.clock
import data.purposegate.jurisdiction
import data.purposegate.request

known_bases := {"consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"}

basis_known if request.lawful_basis in known_bases

consent_based if request.lawful_basis == "consent"

# The registry's record for this purpose: {state, time, expires_at}.
record := input.subject.consents[request.purpose_id] if is_object(input.subject.consents[request.purpose_id])

default state := "none"

state := record.state if is_string(record.state)

# The record's own expiry.
lapsed if clock.instant_ns(record.expires_at) <= request.now_ns

# The catalog's consent_expiry, counted from the moment the consent was given.
lapsed if clock.after(clock.instant_ns(record.time), request.purpose.consent_expiry) <= request.now_ns

# A time that cannot be read cannot prove the consent current: it fails closed.
lapsed if {
	is_string(record.expires_at)
	not clock.instant_ns(record.expires_at)
}

lapsed if {
	is_string(request.purpose.consent_expiry)
	not _given_at_readable
}

_given_at_readable if clock.instant_ns(record.time)

current_consent if {
	state == "given"
	request.now_ns
	not lapsed
}

opted_out if state in {"refused", "withdrawn"}

# Why an opt-in purpose has no consent; the first that applies.
default missing_consent_code := "consent.missing"

missing_consent_code := "consent.refused" if {
	state == "refused"
} else := "consent.withdrawn" if {
	state == "withdrawn"
} else := "consent.expired" if {
	state in {"expired", "given"}
}

deny contains {
	"code": "basis.unknown",
	"message": sprintf("purpose %q declares no known lawful basis", [request.purpose_id]),
} if {
	request.purpose
	not basis_known
}

deny contains {
	"code": missing_consent_code,
	"message": sprintf(
		"purpose %q is based on consent, opt-in for jurisdiction %v, and the subject's consent is %v",
		[request.purpose_id, jurisdiction.subject_jurisdiction, _consent_word[missing_consent_code]],
	),
} if {
	consent_based
	jurisdiction.consent_model == "opt_in"
	request.now_ns
	not current_consent
}

deny contains {
	"code": sprintf("consent.%v", [state]),
	"message": sprintf(
		"purpose %q is based on consent, opt-out for jurisdiction %v, and the subject has %v it",
		[request.purpose_id, jurisdiction.subject_jurisdiction, state],
	),
} if {
	consent_based
	jurisdiction.consent_model == "opt_out"
	opted_out
}

_consent_word := {
	"consent.refused": "refused",
	"consent.withdrawn": "withdrawn",
	"consent.expired": "expired",
	"consent.missing": "not given",
}
