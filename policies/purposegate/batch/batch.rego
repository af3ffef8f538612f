# METADATA
# description: |
#   Many decisions in one evaluation, for an enforcement point's list endpoints: the PDP sends
#   {"items": [input, ...]}, each item exactly the input of data.purposegate.access.decision,
#   and gets back one decision per item, in the same order. This package decides nothing
#   itself: every item is decided by access.decision, so a batch can never answer what one
#   request at a time would not.
package purposegate.batch

import data.purposegate.access

# METADATA
# description: |
#   One access.decision per input.items element, in order; [] when items is not an array,
#   which the PDP (expecting one decision per item) treats as no decision.
# entrypoint: true
default decisions := []

decisions := [d |
	some item in input.items

	# access reads input, so each item replaces input for its own decision: the one place
	# outside tests where `with` is the point (it costs what a separate query per item
	# would, without the round trips). A comprehension's term cannot carry `with`, hence
	# the assignment.
	# regal ignore:comprehension-term-assignment,with-outside-test-context
	d := access.decision with input as item
] if {
	is_array(input.items)
}
