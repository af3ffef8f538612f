# METADATA
# description: |
#   Time arithmetic on the request's own clock (input.time), never the evaluation clock,
#   so that a logged decision can be replayed and yields the same answer.
package purposegate.clock

# RFC 3339 timestamp in nanoseconds; undefined for anything else.
instant_ns(timestamp) := time.parse_rfc3339_ns(timestamp) if is_string(timestamp)

# A calendar date (YYYY-MM-DD) at 00:00 UTC in nanoseconds.
date_ns(date) := time.parse_ns("2006-01-02", date) if is_string(date)

# One day (86,400 seconds) in nanoseconds.
day_ns := 86400 * 1000000000

# The instant `duration` after `start_ns`, for ISO 8601 durations of one unit: years, months,
# weeks or days (P2Y, P18M, P6W, P30D); undefined for anything else. The unit's letter
# says what one unit adds, in years, months and days.
after(start_ns, duration) := time.add_date(start_ns, n * factors[0], n * factors[1], n * factors[2]) if {
	startswith(duration, "P")
	last := count(duration) - 1
	factors := {"Y": [1, 0, 0], "M": [0, 1, 0], "W": [0, 0, 7], "D": [0, 0, 1]}[substring(duration, last, 1)]
	n := to_number(substring(duration, 1, last - 1))
	n >= 0
}
