package io.multiprocessing4j.internal.spawn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether this machine can run the spawn context: Linux on x86-64 or aarch64, a writable
 * shared-memory directory ({@code /dev/shm}, or {@code -Dmp4j.shm.dir}), and a JDK 25 or later.
 *
 * <p>Implementation notes. Cross-process locks are Linux futexes called through FFM, and queues,
 * pipes and shared values are files mapped from the shared-memory directory; elsewhere the first
 * lock or queue would fail deep inside with an obscure error. So the spawn context checks up front
 * and refuses with one message naming the platform and everything missing. The facts are a record
 * so a test can describe another machine.
 */
public record Platform(String osName, String osArch, Path shmDir, int javaFeature) {

    /** @return the facts of the running JVM */
    public static Platform current() {
        return new Platform(System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"),
                io.multiprocessing4j.internal.ipc.ShmFile.DIR, Runtime.version().feature());
    }

    /** @return what this platform lacks for the spawn context, empty when it has everything */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            missing.add("Linux (futexes, Unix domain sockets and tmpfs shared memory)");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            missing.add("an x86-64 or aarch64 processor");
        }
        if (!Files.isDirectory(shmDir) || !Files.isWritable(shmDir)) {
            missing.add("a writable shared-memory directory " + shmDir
                    + " (mount a tmpfs there, or point -Dmp4j.shm.dir at a writable tmpfs directory)");
        }
        if (javaFeature < 25) {
            missing.add("JDK 25 or later (this is JDK " + javaFeature + ")");
        }
        return missing;
    }

    /**
     * Throws when the spawn context cannot work here.
     *
     * @throws UnsupportedOperationException naming the platform, what is missing and the way out
     */
    public void requireSupported() {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new UnsupportedOperationException("the spawn context (worker JVMs) is not supported on "
                    + osName + " " + osArch + " (JDK " + javaFeature + "): it needs " + String.join("; ", missing)
                    + ". Supported: Linux x86-64 and aarch64 with /dev/shm and JDK 25. On this machine,"
                    + " Multiprocessing.context(\"thread\") runs the same API on threads.");
        }
    }
}
