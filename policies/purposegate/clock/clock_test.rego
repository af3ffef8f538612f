package purposegate.clock_test

import data.purposegate.clock

test_durations_of_years_months_weeks_and_days if {
	clock.after(0, "P2Y") == time.parse_rfc3339_ns("1972-01-01T00:00:00Z")
	clock.after(0, "P18M") == time.parse_rfc3339_ns("1971-07-01T00:00:00Z")
	clock.after(0, "P6W") == time.parse_rfc3339_ns("1970-02-12T00:00:00Z")
	clock.after(0, "P30D") == time.parse_rfc3339_ns("1970-01-31T00:00:00Z")
}

test_durations_the_policy_does_not_understand_are_undefined if {
	every duration in ["P", "PT1H", "2Y", "P-1Y", "P1Y6M", "P1.5Y", "PY", "", 3] {
		not clock.after(0, duration)
	}
}

test_after_adds_calendar_time if {
	start := time.parse_rfc3339_ns("2024-02-29T00:00:00Z")
	clock.after(start, "P1Y") == time.parse_rfc3339_ns("2025-03-01T00:00:00Z")
	clock.after(start, "P1D") == time.parse_rfc3339_ns("2024-03-01T00:00:00Z")
	clock.after(start, "P12M") == clock.after(start, "P1Y")
	clock.after(start, "P4W") == time.parse_rfc3339_ns("2024-03-28T00:00:00Z")
}

test_dates_are_midnight_utc if {
	clock.date_ns("2026-01-01") == time.parse_rfc3339_ns("2026-01-01T00:00:00Z")
	not clock.date_ns(20260101)
}
