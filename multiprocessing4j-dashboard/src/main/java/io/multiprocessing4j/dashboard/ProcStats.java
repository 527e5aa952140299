package io.multiprocessing4j.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU use and resident memory of processes, read from Linux's {@code /proc}. Elsewhere (no
 * {@code /proc}) every figure is unknown (-1). Not thread-safe: one owner thread.
 */
final class ProcStats {
    /** Linux's USER_HZ: the unit of utime and stime in /proc/PID/stat, 100 on every common build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private record Sample(long ticks, long nanos) {
    }

    private final Map<Long, Sample> last = new HashMap<>();
    private final Map<Long, Double> cpu = new HashMap<>();
    private final Map<Long, Long> rss = new HashMap<>();

    /** Takes a new sample of {@code pid}. */
    void sample(long pid) {
        long ticks = cpuTicks(pid);
        long now = System.nanoTime();
        if (ticks < 0) {
            cpu.remove(pid);
            rss.remove(pid);
            last.remove(pid);
            return;
        }
        Sample before = last.put(pid, new Sample(ticks, now));
        if (before != null && now > before.nanos()) {
            double used = (ticks - before.ticks()) / TICKS_PER_SECOND;
            double wall = (now - before.nanos()) / 1e9;
            cpu.put(pid, 100.0 * used / wall);
        }
        rss.put(pid, residentBytes(pid));
    }

    /** @return CPU use in percent of one core between the last two samples, or -1 */
    double cpuPercent(long pid) {
        return cpu.getOrDefault(pid, -1.0);
    }

    /** @return resident memory in bytes at the last sample, or -1 */
    long rssBytes(long pid) {
        return rss.getOrDefault(pid, -1L);
    }

    void forget(long pid) {
        last.remove(pid);
        cpu.remove(pid);
        rss.remove(pid);
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name may hold spaces and parentheses: fields start after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return -1;
    }
}
