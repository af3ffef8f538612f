#!/usr/bin/env python3
"""Writes bench/results/policies.md from the JSON of 'opa bench --count N -f json' runs.

Usage: summarise.py RESULTS_MD OPA_VERSION LOAD_BEFORE LOAD_AFTER NAME=FILE...

The figure per scenario is the median of the runs' median query-evaluation times
(OPA's timer_rego_query_eval_ns histogram): the time OPA spends evaluating one decision,
without parsing the input or preparing the query.
"""
import datetime
import json
import os
import platform
import statistics
import sys

TARGET_US = 100.0
RATIO_MAX = 1.5


def runs(path):
    text, decoder, i, out = open(path).read(), json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = decoder.raw_decode(text, i)
        out.append(obj)


def summary(path):
    results = runs(path)
    medians = [r["Extra"]["histogram_timer_rego_query_eval_ns_median"] / 1000 for r in results]
    p90s = [r["Extra"]["histogram_timer_rego_query_eval_ns_90%"] / 1000 for r in results]
    per_op = [r["T"] / r["N"] / 1000 for r in results]
    allocs = [r["MemAllocs"] / r["N"] for r in results]
    return {
        "runs": len(results), "samples": sum(r["N"] for r in results),
        "median": statistics.median(medians), "p90": statistics.median(p90s),
        "per_op": statistics.median(per_op), "allocs": statistics.median(allocs),
        "spread": (min(medians), max(medians)),
    }


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(out, opa_version, load_before, load_after, *scenarios):
    s = {name: summary(path) for name, path in (x.split("=", 1) for x in scenarios)}
    small, large = s["small"], s["large"]
    ratio = large["median"] / small["median"]
    lines = [
        "# Policy library: `opa bench` of `data.purposegate.access.decision`",
        "",
        f"Written by `bin/purposegate bench policies` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        f"- machine: {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}",
        f"- load average (1 min) before / after: {load_before} / {load_after}",
        f"- OPA {opa_version}, rego target, in-memory store; policies without `*_test.rego`",
        "- input: `bench/policies/input.json` (sam reads alice's customer record for support: every rule",
        "  runs, the decision allows with two masked fields and one withheld)",
        "- figure: median over the runs of each run's median evaluation time of one decision",
        "  (`timer_rego_query_eval_ns`); ns/op adds `opa bench`'s own per-iteration work",
        "",
        "| data set | runs | decisions | median | p90 | ns/op | allocs/op | runs' medians |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    labels = {
        "calibration": "calibration: 100 trivial rules",
        "anchor": "anchor: one-rule decision (step-1 policy)",
        "baseline": f"baseline: policies/ at {os.environ.get('PURPOSEGATE_BENCH_POLICY_BASELINE', '?')}, shipped catalog",
        "small": "shipped catalog (10 purposes, 7 field mappings)",
        "large": "grown catalog (1,000 purposes, 10,000 field mappings)",
    }
    for name in ("calibration", "anchor", "baseline", "small", "large"):
        if name not in s:
            continue
        r = s[name]
        lines.append(
            f"| {labels[name]} | {r['runs']} | {r['samples']} | {r['median']:.1f} µs | {r['p90']:.1f} µs "
            f"| {r['per_op'] * 1000:.0f} | {r['allocs']:.0f} | {r['spread'][0]:.1f}–{r['spread'][1]:.1f} µs |"
        )
    small_ok = small["median"] <= TARGET_US and large["median"] <= TARGET_US
    lines += [
        "",
        f"- large / small: **{ratio:.2f}×** (target ≤ {RATIO_MAX}×: {'met' if ratio <= RATIO_MAX else 'NOT met'})",
        f"- median ≤ {TARGET_US:.0f} µs: {'met' if small_ok else 'NOT met'} on this machine",
    ]
    if "baseline" in s:
        lines.append(
            f"- the library takes {small['median'] / s['baseline']['median']:.2f}× the time of the baseline "
            f"({s['baseline']['median']:.1f} µs → {small['median']:.1f} µs) and "
            f"{small['allocs'] / s['baseline']['allocs']:.2f}× its allocations, measured in the same run"
        )
    if "anchor" in s:
        lines.append(
            f"- the library costs {small['median'] / s['anchor']['median']:.1f}× the one-rule anchor "
            "measured in the same run"
        )
    if "calibration" in s:
        per_rule = s["calibration"]["median"] / 100
        lines.append(
            f"- one trivial rule costs {per_rule:.2f} µs on this machine in this run, so a decision costs as "
            f"much as about {small['median'] / per_rule:.0f} trivial rules; the {TARGET_US:.0f} µs target "
            f"allows about {TARGET_US / per_rule:.0f} here"
        )
    lines.append("")
    open(out, "w").write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    main(*sys.argv[1:])
