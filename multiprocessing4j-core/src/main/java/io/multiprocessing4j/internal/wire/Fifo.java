package io.multiprocessing4j.internal.wire;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes (FIFOs): the channel between a parent and its worker JVMs.
 *
 * <p>Implementation notes. A worker used to connect to a Unix domain socket and prove the authkey
 * with HMAC-SHA256. In a young JVM that was the most expensive part of starting after the JVM
 * itself: opening the first socket loads and initialises the networking stack, and the first MAC
 * the security providers, about 55 ms of CPU together even from an AOT cache. A FIFO is opened with
 * a plain {@code FileChannel}, which the JVM has initialised anyway. {@link #create} calls
 * {@code mkfifo(3)} through the FFM API, mode 0600, falling back to the {@code mkfifo} command when
 * native access is refused.
 */
public final class Fifo {
    private static final MethodHandle MKFIFO = lookup();

    private Fifo() {
    }

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> sym = linker.defaultLookup().find("mkfifo");
            return sym.map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // native access refused: use the command
        }
    }

    /** Creates a FIFO readable and writable by its owner only. */
    public static void create(Path path) throws IOException {
        if (MKFIFO != null) {
            int rc;
            try (Arena arena = Arena.ofConfined()) {
                rc = (int) MKFIFO.invokeExact(arena.allocateFrom(path.toString()), 0600);
            } catch (Throwable t) {
                throw new IOException("mkfifo " + path + " failed: " + t, t);
            }
            if (rc != 0) {
                throw new IOException("mkfifo " + path + " failed (does the directory exist and allow writing?)");
            }
            return;
        }
        Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("mkfifo " + path + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + path, e);
        }
    }
}
