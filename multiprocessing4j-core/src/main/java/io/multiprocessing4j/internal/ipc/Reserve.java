package io.multiprocessing4j.internal.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Reserves the pages of a new shared-memory file up front with {@code posix_fallocate}, so that a
 * full {@code /dev/shm} is a clean exception at creation instead of a SIGBUS that kills the JVM
 * when a page is first touched later.
 *
 * <p>Implementation notes. {@code FileChannel} does not expose {@code fallocate}, so the file is
 * opened a second time through libc by FFM downcalls ({@code open}, {@code posix_fallocate},
 * {@code close}). Without native access (or with {@code -Dmp4j.shm.reserve=false}) nothing is
 * reserved and only the free-space check at creation protects the caller.
 */
final class Reserve {
    private static final int O_RDWR = 2;
    private static final MethodHandle OPEN;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle open = null;
        MethodHandle fallocate = null;
        MethodHandle close = null;
        if (Boolean.parseBoolean(System.getProperty("mp4j.shm.reserve", "true"))
                && System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            try {
                Linker l = Linker.nativeLinker();
                var lookup = l.defaultLookup();
                open = l.downcallHandle(lookup.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                        Linker.Option.firstVariadicArg(2));
                fallocate = l.downcallHandle(lookup.find("posix_fallocate").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                                ValueLayout.JAVA_LONG));
                close = l.downcallHandle(lookup.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            } catch (RuntimeException | LinkageError e) {
                open = null;
            }
        }
        OPEN = open;
        FALLOCATE = fallocate;
        CLOSE = close;
    }

    private Reserve() {
    }

    /**
     * Reserves {@code length} bytes of the file at {@code path}.
     *
     * @throws IllegalArgumentException if the file system has no room for them
     */
    static void reserve(Path path, long length) {
        if (OPEN == null) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path.toString()), O_RDWR);
            if (fd < 0) {
                return; // cannot open it a second time: fall back to the free-space check
            }
            int err;
            try {
                err = (int) FALLOCATE.invokeExact(fd, 0L, length);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
            if (err == 28) { // ENOSPC
                throw new IllegalArgumentException("cannot create shared memory of " + length + " bytes: "
                        + path.getParent() + " has no room for it; free some, choose a smaller size, or enlarge the tmpfs");
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            // reservation is a safety net, not a requirement
        }
    }
}
