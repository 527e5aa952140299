package io.multiprocessing4j.internal.ring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes this process's open queue and pipe handles when the JVM exits normally, so a program that
 * forgets {@code close()} leaves no {@code /dev/shm} file behind once every holder is gone (a
 * killed process is the resource tracker's job).
 */
public final class Cleanup {
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "mp4j-ipc-cleanup"));
    }

    private Cleanup() {
    }

    /** Registers a handle to close at exit. */
    public static void register(AutoCloseable handle) {
        OPEN.add(handle);
    }

    /** Forgets a handle that was closed. */
    public static void unregister(AutoCloseable handle) {
        OPEN.remove(handle);
    }

    private static void closeAll() {
        for (AutoCloseable c : OPEN) {
            try {
                c.close();
            } catch (Exception | Error e) {
                // best effort at exit
            }
        }
    }
}
