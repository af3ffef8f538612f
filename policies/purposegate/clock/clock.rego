# METADATA
# description: |
#   Time arithmetic on the request's own clock (input.time), never the evaluation clock,
#   so that a logged decision can be replayed and yields the same answer.
package purposegate.clock

# The request time in nanoseconds since the epoch; undefined when input.time is not RFC 3339.
now_ns := time.parse_rfc3339_ns(input.time) if is_string(input.time)

# RFC 3339 timestamp in nanoseconds; undefined for anything else.
instant_ns(timestamp) := time.parse_rfc3339_ns(timestamp) if is_string(timestamp)

# A calendar date (YYYY-MM-DD) at 00:00 UTC in nanoseconds.
date_ns(date) := time.parse_ns("2006-01-02", date) if is_string(date)

day_ns := ((24 * 60) * 60) * 1000000000

# ISO-8601 durations of whole years, months, weeks and days (P2Y, P18M, P6W, P30D, P1Y6M).
duration_pattern := `^P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$`

# [years, months, days]; a missing part counts as zero ("0" is put before every part).
duration_parts(duration) := [to_number(concat("", ["0", y])), to_number(concat("", ["0", m])), days] if {
	is_string(duration)
	duration != "P"
	[[_, y, m, w, d]] := regex.find_all_string_submatch_n(duration_pattern, duration, 1)
	days := (7 * to_number(concat("", ["0", w]))) + to_number(concat("", ["0", d]))
}

# The instant `duration` after `start_ns`; undefined when the duration is not understood.
after(start_ns, duration) := time.add_date(start_ns, years, months, days) if {
	[years, months, days] := duration_parts(duration)
}
