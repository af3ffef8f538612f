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
# ("mask_unknown" for one the policy does not know). Clear wins over masked.
# Built from lookups only, no function calls, and from local copies of the purpose's lists
# and of the strategies: this runs on every decision.
default purpose_categories := {}

purpose_categories := object.union_n([
	{category: "mask_unknown" | some category, mask in masked; not mask in known},
	{category: mask | some category, mask in masked; mask in known},
	{category: "clear" | some category in clear},
]) if {
	purpose := request.purpose
	masked := object.get(purpose, "masked", {})
	clear := object.get(purpose, "data_categories", [])
	known := strategies
}

# The same after the calling client's agreement: a third-party processor gets "not_covered"
# for a category its agreement leaves out. Built once per decision, then every field is one
# lookup in it. The empty category stands for a field the field map does not know.
category_table := object.union(purpose_categories, {"": "unknown"}) if not vendor.processor

else := object.union_n([purpose_categories, _not_covered, {"": "unknown"}])

_not_covered := {category: "not_covered" |
	some category, _ in purpose_categories
	not category in covered
} if {
	covered := vendor.covered_categories
}

default _field_map := {}

_field_map := request.field_map

# One treatment per requested field: "clear", a mask strategy, or why it is withheld
# ("unknown", "not_needed", "not_covered", "mask_unknown").
# A complete rule on purpose: it is evaluated once per decision and cached, where a partial
# object rule would be evaluated again for every field looked up in it. The tables are read
# into local variables first, so that each field costs two lookups, not two rule references.
# regal ignore:prefer-set-or-object-rule
treatments := {field: object.get(table, object.get(field_map, field, ""), "not_needed") |
	some field in request.fields
} if {
	table := category_table
	field_map := _field_map
}

_withheld := {"unknown", "not_needed", "not_covered", "mask_unknown"}

# Deleting or erasing discloses nothing: every requested field passes. Otherwise each field
# goes where its treatment says. Built in one rule from local copies of the treatments, so
# that the three lists cost one pass each over the requested fields and nothing more.
fields := {"allowed": request.fields, "masked": {}, "denied": []} if request.removes_record

else := {
	"allowed": [field | some field in requested; treatment[field] == "clear"],
	"masked": {field: strategy | some field, strategy in treatment; strategy in known},
	"denied": [field | some field in requested; treatment[field] in withheld],
} if {
	requested := request.fields
	treatment := treatments
	known := strategies
	withheld := _withheld
}

denied := fields.denied

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
