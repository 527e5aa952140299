package io.multiprocessing4j;

import java.nio.file.Path;
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
 */
public record Platform(int cpus, boolean nativeFutex, Path sharedMemoryDirectory, boolean sharedMemoryWritable,
                       Set<String> contexts) {

    /** Copies {@code contexts}, keeping its order; rejects a null directory. */
    public Platform {
        Objects.requireNonNull(sharedMemoryDirectory, "sharedMemoryDirectory");
        contexts = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(contexts));
    }
}
