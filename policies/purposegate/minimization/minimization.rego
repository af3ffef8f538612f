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

# The data categories the purpose uses in clear, and those it uses only masked (category ->
# strategy; clear wins). A third-party processor gets neither for a category its agreement
# leaves out.
clear contains category if {
	some category in object.get(request.purpose, "data_categories", [])
	not category in not_covered
}

masks[category] := strategy if {
	some category, strategy in object.get(request.purpose, "masked", {})
	not category in object.get(request.purpose, "data_categories", [])
	not category in not_covered
}

# The categories the purpose names that a third-party processor's agreement does not cover.
not_covered contains category if {
	vendor.processor
	some category in _named_categories
	not category in vendor.covered_categories
}

_named_categories contains category if some category in object.get(request.purpose, "data_categories", [])

_named_categories contains category if some category, _ in object.get(request.purpose, "masked", {})

default _field_map := {}

_field_map := request.field_map

# A field is allowed when its category is one the purpose uses in clear, masked when the purpose
# masks its category with a strategy the policy knows, and denied otherwise: a field the field
# map does not know, a category the purpose does not name, masks with an unknown strategy or the
# agreement of a processor does not cover (each explained by a note below).
# Deleting or erasing discloses nothing: every requested field passes.
fields := {"allowed": request.fields, "masked": {}, "denied": []} if {
	request.removes_record
} else := {"allowed": allowed, "masked": masked, "denied": denied}

allowed := [field | some field in request.fields; _field_map[field] in clear]

masked[field] := strategy if {
	some field in request.fields
	strategy := masks[_field_map[field]]
	strategy in strategies
}

denied := [field |
	some field in request.fields
	not field in allowed
	not masked[field]
]

# Notes on withheld fields, one per field; they explain, they do not deny the access.
notes contains {
	"code": "minimization.field_not_needed",
	"message": sprintf("%v is not needed for %v", [field, request.purpose_id]),
} if {
	some field in fields.denied
	category := _field_map[field]
	not masks[category]
	not category in not_covered
}

notes contains {
	"code": "minimization.field_unknown",
	"message": sprintf("%v is not a known field of %v records, so it is withheld", [field, request.resource_type]),
} if {
	some field in fields.denied
	not _field_map[field]
}

notes contains {
	"code": "minimization.mask_unknown",
	"message": sprintf(
		"%v would be masked for %v with a strategy the policy does not know, so it is withheld",
		[field, request.purpose_id],
	),
} if {
	some field in fields.denied
	strategy := masks[_field_map[field]]
	not strategy in strategies
}

notes contains {
	"code": "vendor.category_not_covered",
	"message": sprintf(
		"%v (%v) is not covered by the data-processing agreement of client %q",
		[field, category, request.client_id],
	),
} if {
	some field in fields.denied
	category := _field_map[field]
	category in not_covered
}
