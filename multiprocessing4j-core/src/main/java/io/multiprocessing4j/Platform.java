package io.multiprocessing4j;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What this machine and JVM offer the library, as {@link Multiprocessing#platform()} found it: a
 * snapshot for diagnostics ({@code mp4j info} prints it) and for tests that need a feature.
 *
 * @param cpus the number of CPUs this JVM may use ({@link Multiprocessing#cpuCount()})
 * @param nativeFutex whether locks, events and queues wait on the Linux futex through the FFM API;
 *     without it (no native access, another OS) they wait by polling, which costs latency
 * @param sharedMemoryDirectory where shared segments are created ({@code /dev/shm} unless the
 *     system property {@code mp4j.shm.dir} names another directory)
 * @param sharedMemoryWritable whether that directory exists and this process may create files in it
 * @param contexts the names {@link Multiprocessing#context(String)} accepts
 * @param spawnMissing what the {@code spawn} context (worker JVMs) needs and this machine lacks, in
 *     words; empty when it is supported (Linux on x86-64 or aarch64, a writable shared-memory
 *     directory, JDK 25)
 */
public record Platform(int cpus, boolean nativeFutex, Path sharedMemoryDirectory, boolean sharedMemoryWritable,
                       Set<String> contexts, List<String> spawnMissing) {

    /** Copies {@code contexts} (keeping its order) and {@code spawnMissing}; rejects a null directory. */
    public Platform {
        Objects.requireNonNull(sharedMemoryDirectory, "sharedMemoryDirectory");
        contexts = Collections.unmodifiableSet(new LinkedHashSet<>(contexts));
        spawnMissing = List.copyOf(spawnMissing);
    }

    /** @return whether the {@code spawn} context can start worker JVMs here: {@link #spawnMissing()} is empty */
    public boolean spawnSupported() {
        return spawnMissing.isEmpty();
    }
}
