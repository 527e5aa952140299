package io.multiprocessing4j.testing;

import io.multiprocessing4j.internal.spawn.SpawnRuntime;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Fails a test that leaves a worker JVM (other than the context's warm spares) or a
 * {@code /dev/shm/mp4j-*} entry behind. Workers that are already exiting get a moment to finish,
 * waited for through their process handles, not by sleeping blindly.
 */
public final class NoLeftoverWorkers implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<ProcessHandle> left = leftovers();
        for (ProcessHandle h : left) {
            try {
                h.onExit().get(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // reported below
            }
        }
        left = leftovers();
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            throw new AssertionError("test left worker JVMs behind: "
                    + left.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
        }
        List<Path> shm = sharedMemoryLeftovers();
        if (!shm.isEmpty()) {
            throw new AssertionError("test left shared memory behind: " + shm);
        }
    }

    static List<ProcessHandle> leftovers() {
        Set<Long> spares = SpawnRuntime.get().sparePids();
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(h -> !spares.contains(h.pid()))
                .filter(h -> h.info().commandLine().map(c -> c.contains("io.multiprocessing4j.internal.worker.WorkerMain")
                        && !c.contains("--train")).orElse(false))
                .toList();
    }

    static List<Path> sharedMemoryLeftovers() throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        String mine = "mp4j-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> s = Files.list(shm)) {
            return s.filter(p -> p.getFileName().toString().startsWith(mine)).toList();
        }
    }
}
