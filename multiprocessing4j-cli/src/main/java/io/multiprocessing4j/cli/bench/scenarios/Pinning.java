package io.multiprocessing4j.cli.bench.scenarios;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Pins processes to CPUs with {@code taskset}, for the "pinned" latency figures. */
final class Pinning {
    private Pinning() {
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/taskset")) && Runtime.getRuntime().availableProcessors() > 1;
    }

    static String allCpus() {
        return "0-" + (Runtime.getRuntime().availableProcessors() - 1);
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
