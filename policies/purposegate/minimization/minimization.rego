# METADATA
# description: |
#   Data minimisation (GDPR Art. 5(1)(c)). Every field of a resource type maps to one data
#   category (data.purposegate.resources). A purpose uses some categories in clear
#   (data_categories) and some only masked (masked, with a strategy); every other field is
#   denied. A third-party processor gets no category its agreement does not cover.
#   Deleting or erasing a record discloses nothing, so every requested field is allowed.
package purposegate.minimization

import data.purposegate.request
import data.purposegate.vendor

strategies := {"redact", "last4", "hash", "year_only", "initials"}

# What a purpose does with a data category: "clear", its mask (checked below) or "not_needed".
purpose_treatment(purpose, category) := "clear" if {
	category in purpose.data_categories
} else := mask if {
	mask := purpose.masked[category]
} else := "not_needed"

# The treatment of a mapped field, after the vendor's agreement: "clear", a mask strategy,
# "mask_unknown", "not_needed" or "not_covered".
category_treatment(purpose, category, covered) := "not_needed" if {
	purpose_treatment(purpose, category) == "not_needed"
} else := "not_covered" if {
	not covered
} else := known_mask(purpose_treatment(purpose, category))

known_mask(treatment) := treatment if {
	treatment in {"clear", "redact", "last4", "hash", "year_only", "initials"}
} else := "mask_unknown"

# Computed once per requested field.
treatments[field] := category_treatment(request.purpose, category, vendor.covers(category)) if {
	some field in request.fields
	category := request.field_map[field]
}

treatments[field] := "unknown" if {
	some field in request.fields
	not request.field_map[field]
}

allowed := request.fields if request.removes_record

else := [field | some field in request.fields; treatments[field] == "clear"]

masked := {} if request.removes_record

else := {field: strategy | some field in request.fields; strategy := treatments[field]; strategy in strategies}

denied := [] if request.removes_record

else := [field | some field in request.fields; treatments[field] in _withheld]

_withheld := {"unknown", "not_needed", "not_covered", "mask_unknown"}

fields := {"allowed": allowed, "masked": masked, "denied": denied}

# Notes on withheld fields; they explain, they do not deny the access.
notes contains {
	"code": "minimization.field_not_needed",
	"message": sprintf("%v is not needed for %v", [field, request.purpose_id]),
} if {
	some field in denied
	treatments[field] == "not_needed"
}

notes contains {
	"code": "minimization.field_unknown",
	"message": sprintf("%v is not a known field of %v records, so it is withheld", [field, request.resource_type]),
} if {
	some field in denied
	treatments[field] == "unknown"
}

notes contains {
	"code": "minimization.mask_unknown",
	"message": sprintf(
		"%v would be masked for %v with a strategy the policy does not know, so it is withheld",
		[field, request.purpose_id],
	),
} if {
	some field in denied
	treatments[field] == "mask_unknown"
}

notes contains {
	"code": "vendor.category_not_covered",
	"message": sprintf(
		"%v (%v) is not covered by the data-processing agreement of client %q",
		[field, category, request.client_id],
	),
} if {
	some field in denied
	treatments[field] == "not_covered"
	category := request.field_map[field]
}
