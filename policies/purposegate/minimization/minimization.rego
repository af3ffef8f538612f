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

# What the purpose does with each data category it names: "clear" or a mask strategy
# ("mask_unknown" for one the policy does not know); clear wins over masked.
purpose_categories := object.union_n([
	{category: "mask_unknown" | some category, strategy in masked; not strategy in strategies},
	{category: strategy | some category, strategy in masked; strategy in strategies},
	{category: "clear" | some category in clear},
]) if {
	masked := object.get(request.purpose, "masked", {})
	clear := object.get(request.purpose, "data_categories", [])
}

# A third-party processor gets "not_covered" for a category its agreement leaves out.
default not_covered := {}

not_covered := {category: "not_covered" |
	some category, _ in purpose_categories
	not category in vendor.covered_categories
} if {
	vendor.processor
}

# Each data category's treatment. The empty category stands for a field the field map does
# not know ("unknown"); a category the purpose does not name is "not_needed".
default category_table := {"": "unknown"}

category_table := object.union_n([purpose_categories, not_covered, {"": "unknown"}])

default _field_map := {}

_field_map := request.field_map

# One treatment per requested field: "clear", a mask strategy, or why it is withheld
# ("unknown", "not_needed", "not_covered", "mask_unknown").
treatments[field] := object.get(category_table, object.get(_field_map, field, ""), "not_needed") if {
	some field in request.fields
}

withheld := {"unknown", "not_needed", "not_covered", "mask_unknown"}

# Deleting or erasing discloses nothing: every requested field passes. Otherwise each field
# goes where its treatment says.
fields := {"allowed": request.fields, "masked": {}, "denied": []} if {
	request.removes_record
} else := {
	"allowed": [field | some field in request.fields; treatments[field] == "clear"],
	"masked": {field: strategy | some field, strategy in treatments; strategy in strategies},
	"denied": [field | some field in request.fields; treatments[field] in withheld],
}

denied := fields.denied

# Notes on withheld fields, one per field; they explain, they do not deny the access.
notes contains {
	"code": "minimization.field_not_needed",
	"message": sprintf("%v is not needed for %v", [field, request.purpose_id]),
} if {
	some field in fields.denied
	treatments[field] == "not_needed"
}

notes contains {
	"code": "minimization.field_unknown",
	"message": sprintf("%v is not a known field of %v records, so it is withheld", [field, request.resource_type]),
} if {
	some field in fields.denied
	treatments[field] == "unknown"
}

notes contains {
	"code": "minimization.mask_unknown",
	"message": sprintf(
		"%v would be masked for %v with a strategy the policy does not know, so it is withheld",
		[field, request.purpose_id],
	),
} if {
	some field in fields.denied
	treatments[field] == "mask_unknown"
}

notes contains {
	"code": "vendor.category_not_covered",
	"message": sprintf(
		"%v (%v) is not covered by the data-processing agreement of client %q",
		[field, category, request.client_id],
	),
} if {
	some field in fields.denied
	treatments[field] == "not_covered"
	category := request.field_map[field]
}
