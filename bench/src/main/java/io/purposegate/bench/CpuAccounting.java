package io.purposegate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time the services spend per request, from Linux's {@code /proc/<pid>/task/<tid>/stat} (user +
 * system clock ticks), summed per process and, within a process, per thread group (the thread name
 * without its number). Read before and after each measured round, so the report can say where a
 * decision's CPU goes: the figure the latency ratios come from when two cores are saturated.
 */
final class CpuAccounting {

    private static final double TICK_MICROS = 1_000_000.0 / 100; // USER_HZ is 100 on Linux

    private final Map<String, String> pids;
    /** process -> thread group -> ticks, accumulated per scenario. */
    private final Map<String, Map<String, Map<String, Long>>> ticksByScenario = new LinkedHashMap<>();
    private final Map<String, Long> requestsByScenario = new LinkedHashMap<>();

    CpuAccounting(Map<String, String> pids) {
        this.pids = pids;
    }

    /** Ticks per process and thread group now. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> now = new TreeMap<>();
        pids.forEach((process, pid) -> now.put(process, threads(pid)));
        return now;
    }

    void add(String scenario, Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after, long requests) {
        Map<String, Map<String, Long>> total = ticksByScenario.computeIfAbsent(scenario, s -> new TreeMap<>());
        after.forEach((process, groups) -> groups.forEach((group, ticks) -> {
            long delta = ticks - before.getOrDefault(process, Map.of()).getOrDefault(group, 0L);
            if (delta > 0) {
                total.computeIfAbsent(process, p -> new TreeMap<>()).merge(group, delta, Long::sum);
            }
        }));
        requestsByScenario.merge(scenario, requests, Long::sum);
    }

    /** µs of CPU per request of {@code scenario}: per process ("total") and per thread group. */
    Map<String, Object> perRequest(String scenario) {
        Map<String, Object> result = new LinkedHashMap<>();
        long requests = requestsByScenario.getOrDefault(scenario, 0L);
        if (requests == 0) {
            return result;
        }
        ticksByScenario.getOrDefault(scenario, Map.of()).forEach((process, groups) -> {
            Map<String, Object> perGroup = new LinkedHashMap<>();
            long sum = groups.values().stream().mapToLong(Long::longValue).sum();
            perGroup.put("total", sum * TICK_MICROS / requests);
            groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(e -> e.getValue() * TICK_MICROS / requests >= 5)
                    .forEach(e -> perGroup.put(e.getKey(), e.getValue() * TICK_MICROS / requests));
            result.put(process, perGroup);
        });
        return result;
    }

    private static Map<String, Long> threads(String pid) {
        Map<String, Long> groups = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[-#0-9 ]+$", "");
                    String[] fields = stat.substring(close + 2).split(" ");
                    // fields[0] is the state (field 3); utime and stime are fields 14 and 15
                    groups.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            // the process is gone: no figures for it
        }
        return groups;
    }
}
