# METADATA
# description: |
#   Data minimisation (GDPR Art. 5(1)(c)). Every field of a resource type maps to one data
#   category (data.purposegate.resources). A purpose uses some categories in clear
#   (data_categories) and some only masked (masked, with a strategy); every other field is
#   denied. A third-party processor gets no category its agreement does not cover.
#   Deleting or erasing a record discloses nothing, so every requested field is allowed.
package purposegate.minimization

import data.purposegate.clients
import data.purposegate.request
import data.purposegate.vendor

strategies := {"redact", "last4", "hash", "year_only", "initials"}

# What the purpose does with each data category it names: "clear" or a mask strategy
# ("mask_unknown" for one the policy does not know); clear wins over masked. A third-party
# processor gets "not_covered" for a category its agreement leaves out. The empty category
# stands for a field the field map does not know ("unknown").
# Built once per decision from lookups only, then every field is one lookup in it. The
# strategies are written out as a literal (strategy -> itself, the same as `strategies`): a
# literal costs nothing, where naming a rule evaluates it on every decision.
default category_table := {"": "unknown"}

category_table := object.union_n([
	{category: object.get(known, mask, "mask_unknown") | some category, mask in masked},
	{category: "clear" | some category in clear},
	{"": "unknown"},
]) if {
	not vendor.processor
	purpose := request.purpose
	masked := object.get(purpose, "masked", {})
	clear := object.get(purpose, "data_categories", [])
	known := {"redact": "redact", "last4": "last4", "hash": "hash", "year_only": "year_only", "initials": "initials"}
} else := object.union_n([
	by_purpose,
	{category: "not_covered" | some category, _ in by_purpose; not category in covered},
	{"": "unknown"},
]) if {
	vendor.processor
	purpose := request.purpose
	masked := object.get(purpose, "masked", {})
	clear := object.get(purpose, "data_categories", [])
	known := {"redact": "redact", "last4": "last4", "hash": "hash", "year_only": "year_only", "initials": "initials"}
	covered := vendor.covered_categories
	by_purpose := object.union(
		{category: object.get(known, mask, "mask_unknown") | some category, mask in masked},
		{category: "clear" | some category in clear},
	)
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

# The usual case first: a client that is not a third-party processor reading or writing a
# list of fields of a known resource type for a known purpose. Each list is one pass over the
# requested fields with direct lookups in the field map and the purpose (no table is built):
# a field is allowed when its category is one the purpose uses in clear, masked when the
# purpose masks its category (and does not use it in clear) with a strategy the policy knows,
# and denied otherwise. A field that is not a name has no category and is not listed.
fields := {
	"allowed": [field | some field in requested; field_map[field] in clear],
	"masked": masked,
	"denied": [field |
		some field in requested
		is_string(field)
		not object.get(field_map, field, null) in clear
		not masked[field]
	],
} if {
	input.action in {"read", "list", "create", "update", "export"}
	object.get(clients[input.actor.client_id], "third_party_processor", false) != true
	requested := input.resource.fields
	is_array(requested)
	field_map := request.field_map
	purpose := request.purpose
	clear := object.get(purpose, "data_categories", [])
	masks := object.remove(object.get(purpose, "masked", {}), clear)
	masked := {field: strategy |
		some field in requested
		strategy := masks[field_map[field]]
		strategy in {"redact", "last4", "hash", "year_only", "initials"}
	}
}

# Deleting or erasing discloses nothing: every requested field passes. Otherwise (a processor,
# fields that are not a list, an unknown type or purpose) each field goes where its treatment
# says.
else := {"allowed": request.fields, "masked": {}, "denied": []} if request.removes_record

else := _fields_by_treatment

# Built in one rule from a local copy of the treatments, so that the three lists cost one pass
# each over the requested fields and nothing more. The strategies are a literal again (see
# category_table).
_fields_by_treatment := {
	"allowed": [field | some field in requested; treatment[field] == "clear"],
	"masked": {field: strategy | some field, strategy in treatment; known[strategy]},
	"denied": [field | some field in requested; treatment[field] in withheld],
} if {
	requested := request.fields
	treatment := treatments
	known := {"redact": "redact", "last4": "last4", "hash": "hash", "year_only": "year_only", "initials": "initials"}
	withheld := {"unknown", "not_needed", "not_covered", "mask_unknown"}
}

denied := fields.denied

# Notes on withheld fields; they explain, they do not deny the access. One rule, one note per
# withheld field: a decision that withholds nothing evaluates nothing more here.
notes contains note if {
	some field in fields.denied
	note := _note(field)
}

# The usual reason first, from direct lookups: a known field whose category the purpose
# neither uses nor masks (the message is the one _note_for writes, built without sprintf:
# the field and the purpose are strings here). Every other reason from the category table.
_note(field) := {
	"code": "minimization.field_not_needed",
	"message": concat("", [field, " is not needed for ", input.purpose]),
} if {
	category := request.field_map[field]
	purpose := request.purpose
	not category in object.get(purpose, "data_categories", [])
	not category in object.keys(object.get(purpose, "masked", {}))
} else := _note_for(field, object.get(category_table, object.get(_field_map, field, ""), "not_needed"))

# An else chain, the usual reason first: OPA stops at the first that applies.
_note_for(field, treatment) := {
	"code": "minimization.field_not_needed",
	"message": sprintf("%v is not needed for %v", [field, request.purpose_id]),
} if {
	treatment == "not_needed"
} else := {
	"code": "minimization.field_unknown",
	"message": sprintf("%v is not a known field of %v records, so it is withheld", [field, request.resource_type]),
} if {
	treatment == "unknown"
} else := {
	"code": "minimization.mask_unknown",
	"message": sprintf(
		"%v would be masked for %v with a strategy the policy does not know, so it is withheld",
		[field, request.purpose_id],
	),
} if {
	treatment == "mask_unknown"
} else := {
	"code": "vendor.category_not_covered",
	"message": sprintf(
		"%v (%v) is not covered by the data-processing agreement of client %q",
		[field, request.field_map[field], request.client_id],
	),
} if {
	treatment == "not_covered"
}
