package io.multiprocessing4j.internal.ipc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Blocking on a 32-bit word of shared memory, across processes: the Linux {@code futex} system
 * call through an FFM downcall, with a portable spin-and-park fallback elsewhere.
 *
 * <p>Implementation notes. {@code FUTEX_WAIT} sleeps only while the word still holds the expected
 * value, so a wake that races ahead of the wait is never lost; callers loop and re-check their
 * condition. No {@code FUTEX_PRIVATE_FLAG}: the word lives in a {@code MAP_SHARED} file mapping, and
 * the kernel keys shared futexes by inode and offset, which is what lets two JVMs meet on it.
 * Waits are bounded by a relative timeout. A blocking downcall holds its carrier thread, so a
 * virtual thread must not call {@link #await}; {@link #awaitAnyThread} hands the wait to a platform
 * thread when called from one (a blocking downcall would hold the carrier). On a system without the syscall (not Linux x86-64 or aarch64),
 * waits spin briefly and then park in growing steps up to 1 ms.
 */
public final class Futex {
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final long SYS_FUTEX = sysFutex();
    private static final MethodHandle SYSCALL = lookupSyscall();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private Futex() {
    }

    private static long sysFutex() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return -1;
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> 202;
            case "aarch64" -> 98;
            default -> -1;
        };
    }

    private static MethodHandle lookupSyscall() {
        if (SYS_FUTEX < 0 || Boolean.getBoolean("mp4j.futex.disabled")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> sym = linker.defaultLookup().find("syscall");
            if (sym.isEmpty()) {
                return null;
            }
            // long syscall(long number, ...): the variadic part carries the futex arguments
            return linker.downcallHandle(sym.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG),
                    Linker.Option.firstVariadicArg(1));
        } catch (RuntimeException | LinkageError e) {
            // restricted method refused (no --enable-native-access) or no such symbol: fall back
            return null;
        }
    }

    /** @return whether real futex waits are available (else the portable fallback is used) */
    public static boolean isNative() {
        return SYSCALL != null;
    }

    /**
     * Sleeps while the int at {@code offset} of {@code segment} equals {@code expected}, at most
     * {@code timeoutNanos}. Returns early on a wake, a changed value, a signal or a spurious wake:
     * callers re-check. Must be called from a platform thread.
     *
     * @param timeoutNanos the longest sleep; negative means no limit
     */
    public static void await(MemorySegment segment, long offset, int expected, long timeoutNanos) {
        if ((int) INT.getVolatile(segment, offset) != expected) {
            return;
        }
        if (SYSCALL == null) {
            parkFallback(timeoutNanos);
            return;
        }
        MemorySegment word = segment.asSlice(offset, 4);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment ts = MemorySegment.NULL;
            if (timeoutNanos >= 0) {
                ts = arena.allocate(16, 8);
                ts.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
                ts.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
            }
            long r = (long) SYSCALL.invokeExact(SYS_FUTEX, word, FUTEX_WAIT, (long) expected, ts,
                    MemorySegment.NULL, 0L);
            assert r >= -1;
        } catch (Throwable t) {
            throw new IllegalStateException("futex wait failed", t);
        }
    }

    /**
     * As {@link #await}, but safe on a virtual thread: there the wait is handed to a platform
     * thread of a small daemon pool while the virtual thread parks, so its carrier is never held in
     * native code. An interrupt ends the virtual thread's wait early (the helper's own wait is
     * bounded by the timeout, at most {@value #HANDOFF_SLICE_MS} ms when unbounded).
     */
    public static void awaitAnyThread(MemorySegment segment, long offset, int expected, long timeoutNanos) {
        if (!Thread.currentThread().isVirtual()) {
            await(segment, offset, expected, timeoutNanos);
            return;
        }
        if ((int) INT.getVolatile(segment, offset) != expected) {
            return;
        }
        if (SYSCALL == null) {
            parkFallback(timeoutNanos);
            return;
        }
        long slice = timeoutNanos < 0 ? HANDOFF_SLICE_MS * 1_000_000L : Math.min(timeoutNanos, HANDOFF_SLICE_MS * 1_000_000L);
        Thread waiter = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        HELPERS.execute(() -> {
            try {
                await(segment, offset, expected, slice);
            } catch (RuntimeException e) {
                // the segment was closed meanwhile: the waiter re-checks and sees it
            } finally {
                done.set(true);
                LockSupport.unpark(waiter);
            }
        });
        while (!done.get() && !Thread.currentThread().isInterrupted()) {
            LockSupport.park(HELPERS);
        }
    }

    /** The longest single hand-off wait, so an abandoned helper returns to the pool soon. */
    static final long HANDOFF_SLICE_MS = 100;

    private static final java.util.concurrent.ExecutorService HELPERS =
            java.util.concurrent.Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("mp4j-futex-wait-", 0).factory());

    /**
     * Wakes up to {@code count} processes or threads sleeping on the word. Non-blocking: safe
     * from any thread.
     *
     * @return how many were woken (0 with the fallback)
     */
    public static int wake(MemorySegment segment, long offset, int count) {
        if (SYSCALL == null) {
            return 0;
        }
        try {
            long r = (long) SYSCALL.invokeExact(SYS_FUTEX, segment.asSlice(offset, 4), FUTEX_WAKE, (long) count,
                    MemorySegment.NULL, MemorySegment.NULL, 0L);
            return (int) Math.max(r, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("futex wake failed", t);
        }
    }

    /** Wakes every sleeper on the word. */
    public static int wakeAll(MemorySegment segment, long offset) {
        return wake(segment, offset, Integer.MAX_VALUE);
    }

    private static void parkFallback(long timeoutNanos) {
        long slice = timeoutNanos < 0 ? 1_000_000 : Math.min(timeoutNanos, 1_000_000);
        if (slice > 0) {
            LockSupport.parkNanos(slice);
        }
    }
}
