package io.multiprocessing4j.internal.worker;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Test-only: makes a pool worker die, once, at a chosen point of its own runtime, so the crash tests
 * can prove that the pool survives a worker dying anywhere, not only in the user's code.
 *
 * <p>Implementation notes. Off unless the worker JVM was started with
 * {@code -Dmp4j.test.workerFaults=DIR}; then {@link #at} costs one check of a constant. The test arms
 * a fault by writing a file named after the stage ({@code startup}, {@code attach} (the thread
 * that maps the status word), {@code read}, {@code run}, {@code send}, {@code between}) into DIR, holding the kind ({@code sigkill}, {@code exit:N},
 * {@code halt:N}, {@code oom}, {@code stackoverflow}, {@code native}). The first worker to reach that
 * stage claims the file by deleting it (only one delete succeeds), so one arming kills one worker
 * once, however many workers share DIR. Errors ({@code oom}, {@code stackoverflow}) are thrown on the
 * calling thread, as a real one would be: what happens next is the runtime's own handling.
 */
final class FaultInjection {
    private static final Path DIR = dir();

    private FaultInjection() {
    }

    private static Path dir() {
        String d = System.getProperty("mp4j.test.workerFaults");
        return d == null || d.isEmpty() ? null : Path.of(d);
    }

    /** Fails here if a fault is armed for {@code stage}; returns at once when injection is off. */
    static void at(String stage) {
        if (DIR == null) {
            return;
        }
        Path armed = DIR.resolve(stage);
        String kind;
        try {
            kind = Files.readString(armed).strip();
            Files.delete(armed);
        } catch (IOException e) {
            return; // not armed, or another worker (or thread) claimed it first
        }
        inject(kind);
    }

    private static void inject(String kind) {
        String[] k = kind.split(":", 2);
        switch (k[0]) {
            case "sigkill" -> {
                kill(ProcessHandle.current().pid(), 9);
                while (true) {
                    LockSupport.park(); // the signal ends the process before this returns
                }
            }
            case "exit" -> System.exit(Integer.parseInt(k[1]));
            case "halt" -> Runtime.getRuntime().halt(Integer.parseInt(k[1]));
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "stackoverflow" -> recurse(0);
            case "native" -> MemorySegment.ofAddress(0).reinterpret(8).set(ValueLayout.JAVA_LONG, 0, 1L);
            default -> throw new IllegalArgumentException("unknown fault kind in " + DIR + ": " + kind);
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static void kill(long pid, int signal) {
        Linker linker = Linker.nativeLinker();
        MethodHandle kill = linker.downcallHandle(linker.defaultLookup().find("kill").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try {
            int rc = (int) kill.invokeExact((int) pid, signal);
            if (rc != 0) {
                throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed");
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
