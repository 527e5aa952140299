package io.multiprocessing4j.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The CPU time used by this process's children that have been reaped, from
 * {@code getrusage(RUSAGE_CHILDREN)}: around a single start and reap, the CPU one child used.
 * Linux x86-64 and aarch64 ({@code struct rusage} starts with two {@code struct timeval}s).
 */
public final class ChildCpu {
    private static final int RUSAGE_CHILDREN = -1;
    private static final MethodHandle GETRUSAGE = lookup();

    private ChildCpu() {
    }

    private static MethodHandle lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("getrusage").map(s -> linker.downcallHandle(s,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** @return whether {@link #millis()} works here */
    public static boolean available() {
        return GETRUSAGE != null;
    }

    /** @return user + system CPU of all reaped children so far, in milliseconds, or NaN */
    public static double millis() {
        if (GETRUSAGE == null) {
            return Double.NaN;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ru = arena.allocate(144);
            int rc = (int) GETRUSAGE.invokeExact(RUSAGE_CHILDREN, ru);
            if (rc != 0) {
                return Double.NaN;
            }
            long us = ru.get(ValueLayout.JAVA_LONG, 0) * 1_000_000 + ru.get(ValueLayout.JAVA_LONG, 8);
            long ss = ru.get(ValueLayout.JAVA_LONG, 16) * 1_000_000 + ru.get(ValueLayout.JAVA_LONG, 24);
            return (us + ss) / 1000.0;
        } catch (Throwable t) {
            return Double.NaN;
        }
    }
}
