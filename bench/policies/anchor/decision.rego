# The benchmark's floor: a one-rule decision of the same shape (the step-1 policy in essence),
# measured in the same run as the policy library to tell the machine's speed from the policy's.
package purposegate.access

default decision := {"allow": false, "reasons": [], "fields": {"allowed": [], "masked": {}, "denied": []}}

decision := {"allow": true, "reasons": [], "fields": {"allowed": input.resource.fields, "masked": {}, "denied": []}} if {
	input.purpose in input.token.purposes
}
