# METADATA
# description: |
#   The policy data holds together: every duration, mask, purpose, client and vendor that one
#   file names is understood by the rules and exists in the file it points to.
package purposegate.catalog_test

import data.purposegate.catalog
import data.purposegate.clients
import data.purposegate.clock
import data.purposegate.grants
import data.purposegate.minimization
import data.purposegate.resources
import data.purposegate.vendors

lawful_bases := {"consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"}

test_every_purpose_has_a_valid_id_a_known_basis_and_a_readable_retention if {
	every id, purpose in catalog.purposes {
		regex.match(`^[a-z][a-z0-9_]{1,39}$`, id)
		purpose.lawful_basis in lawful_bases
		clock.after(0, purpose.retention)
	}
}

test_consent_expiry_is_readable_and_only_on_consent_purposes if {
	every purpose in catalog.purposes {
		_expiry_fits(purpose)
	}
}

_expiry_fits(purpose) if not purpose.consent_expiry

_expiry_fits(purpose) if {
	purpose.lawful_basis == "consent"
	clock.after(0, purpose.consent_expiry)
}

test_every_mask_is_a_known_strategy if {
	every purpose in catalog.purposes {
		every strategy in purpose.masked {
			strategy in minimization.strategies
		}
	}
}

test_grants_name_catalog_purposes if {
	every purposes in _granted_purposes {
		every purpose in purposes {
			catalog.purposes[purpose]
		}
	}
}

_granted_purposes contains purposes if {
	some by_type in grants.roles
	some by_action in by_type
	some purposes in by_action
}

_granted_purposes contains purposes if {
	some by_action in grants.self
	some purposes in by_action
}

test_grants_name_resource_types_with_a_field_map if {
	every by_type in grants.roles {
		every resource_type, _ in by_type {
			resources[resource_type].fields
		}
	}
}

test_clients_register_catalog_purposes_and_known_vendors if {
	every client in clients {
		every purpose in client.purposes {
			catalog.purposes[purpose]
		}
	}
	every client in clients {
		_vendor_fits(client)
	}
}

_vendor_fits(client) if not client.third_party_processor

_vendor_fits(client) if vendors[client.vendor].dpa

test_dpas_have_readable_dates_and_name_catalog_purposes if {
	every vendor in vendors {
		clock.date_ns(vendor.dpa.valid_from) < clock.date_ns(vendor.dpa.valid_until)
		every purpose in vendor.dpa.purposes {
			catalog.purposes[purpose]
		}
	}
}

test_the_demo_customer_fields_map_to_fideslang_categories if {
	object.keys(resources.customer.fields) == {"name", "email", "phone", "address", "birth_date", "orders", "segment"}
	every category in resources.customer.fields {
		startswith(category, "user.")
	}
}
