package io.multiprocessing4j.cli.bench.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Pins processes to CPUs with {@code taskset}, for the "pinned" latency figures. */
final class Pinning {
    /**
     * Read once, before anything is pinned: once this JVM is pinned to CPU 0,
     * availableProcessors() answers 1 and the restore would keep it pinned for the rest of the run.
     */
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private Pinning() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/taskset")) && CPUS > 1;
    }

    static String allCpus() {
        return "0-" + (CPUS - 1);
    }

    /** Sets the affinity of every thread of each process. */
    static void pin(List<Long> pids, String cpus) throws Exception {
        for (long pid : pids) {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        }
    }
}
