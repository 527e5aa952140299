package io.multiprocessing4j.internal.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this machine has a core to spare right now, from two readings of {@code /proc/stat}.
 *
 * <p>Implementation notes. Warm spares are started in the background, and a JVM's start takes a
 * core for a fifth of a second or more. On a small machine a spare started while a pool computes
 * would slow the very work it is meant to speed up, so spares start only when at least one core's
 * worth of time went idle over the last sample. Where {@code /proc/stat} is missing, the machine
 * is taken to be idle.
 */
final class CpuIdle {
    private static final Path STAT = Path.of("/proc/stat");

    private CpuIdle() {
    }

    /** Samples for {@code millis} and says whether a core's worth of time was idle. */
    static boolean aCoreIsIdle(long millis) throws InterruptedException {
        long[] a = read();
        if (a == null) {
            return true;
        }
        Thread.sleep(millis);
        long[] b = read();
        if (b == null) {
            return true;
        }
        long total = b[0] - a[0];
        long idle = b[1] - a[1];
        int cpus = Runtime.getRuntime().availableProcessors();
        // idle share of all cores, in cores; 0.8 tolerates the sampler's own noise
        return total > 0 && (double) idle / total * cpus >= 0.8;
    }

    /** @return {total, idle + iowait} jiffies of all cores, or null */
    private static long[] read() {
        try {
            String line = Files.readAllLines(STAT).getFirst();
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
