package purposegate.clock_test

import data.purposegate.clock

test_durations_of_years_months_weeks_and_days if {
	clock.duration_parts("P2Y") == [2, 0, 0]
	clock.duration_parts("P18M") == [0, 18, 0]
	clock.duration_parts("P1Y6M2W3D") == [1, 6, 17]
}

test_durations_the_policy_does_not_understand_are_undefined if {
	every duration in ["P", "PT1H", "2Y", "P-1Y", "", 3] {
		not clock.duration_parts(duration)
	}
}

test_after_adds_calendar_time if {
	start := time.parse_rfc3339_ns("2024-02-29T00:00:00Z")
	clock.after(start, "P1Y") == time.parse_rfc3339_ns("2025-03-01T00:00:00Z")
	clock.after(start, "P1D") == time.parse_rfc3339_ns("2024-03-01T00:00:00Z")
}

test_now_comes_from_the_input_not_the_machine if {
	clock.now_ns == 0 with input as {"time": "1970-01-01T00:00:00Z"}
	not clock.now_ns with input as {"time": "now"}
}

test_dates_are_midnight_utc if {
	clock.date_ns("2026-01-01") == time.parse_rfc3339_ns("2026-01-01T00:00:00Z")
	not clock.date_ns(20260101)
}
