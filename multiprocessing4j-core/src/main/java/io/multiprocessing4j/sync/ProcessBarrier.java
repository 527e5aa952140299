package io.multiprocessing4j.sync;

import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ipc.Futex;
import io.multiprocessing4j.internal.ipc.Handles;
import io.multiprocessing4j.internal.ipc.Pids;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.Waiting;
import io.multiprocessing4j.spi.BarrierBackend;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Python's {@code multiprocessing.Barrier}: {@code parties} processes (or threads) wait for each
 * other; when the last arrives, the optional action runs in that one and all go on. Reusable:
 * each round is a new generation.
 *
 * <p>A wait that times out breaks the barrier ({@link TimeoutException} for the one that timed
 * out, {@link BrokenBarrierException} for the others), as does {@link #abort()} and an action
 * that throws. A broken barrier refuses every wait until {@link #reset()}.
 *
 * <p><b>Owner death.</b> Every process that holds a handle to the barrier is recorded in it. If
 * one of them dies without exiting normally (SIGKILL, a crash) while others wait, the waiters
 * break the barrier within about 50 ms with a {@link BrokenBarrierException} naming the dead
 * process, instead of waiting forever for a party that will never come. A process that exits
 * normally is struck from the record and breaks nothing. CPython's barrier waits forever here.
 *
 * <p>Thread-safe, {@code Serializable} (re-attaches by name; the action travels with the handle
 * and runs in whichever process arrives last). Obtain one from {@code ctx.barrier(parties)},
 * {@code ctx.barrier(parties, action)} or {@link #create}.
 */
public final class ProcessBarrier implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    /** long: low int = arrived in this round, high int = generation << 1 | broken. */
    private static final long STATE = 0;
    private static final long GEN_WORD = 4;
    private static final long PARTIES = 8;
    private static final long RESET_GEN = 12;
    private static final long WAITERS = 16;
    private static final long DEAD_PID = 24;
    private static final long SLOTS_AT = 64;
    private static final int SLOTS = 64;

    private final String name;
    private final int parties;
    private final SerializableRunnable action;
    private final transient ShmFile file;
    private final transient MemorySegment seg;
    /** Null for a barrier in shared memory; else the context's barrier it delegates to. */
    private final BarrierBackend backend;

    private ProcessBarrier(ShmFile file, int parties, SerializableRunnable action) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        this.parties = parties;
        this.action = action;
        this.backend = null;
        register();
    }

    private ProcessBarrier(BarrierBackend backend, SerializableRunnable action) {
        this.name = backend.name();
        this.file = null;
        this.seg = null;
        this.parties = backend.parties();
        this.action = action;
        this.backend = backend;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a barrier whose every method
     * delegates to {@code backend}, as the cluster context's do. Applications use {@code ctx.barrier(n)}.
     *
     * @param backend the barrier to delegate to
     * @param action what the last party to arrive runs each round, or null
     * @return the barrier
     */
    public static ProcessBarrier backedBy(BarrierBackend backend, SerializableRunnable action) {
        return new ProcessBarrier(java.util.Objects.requireNonNull(backend, "backend"), action);
    }

    /** @return a barrier for {@code parties} parties */
    public static ProcessBarrier create(int parties) {
        return create(parties, null);
    }

    /** @return a barrier for {@code parties} parties that runs {@code action} (may be null) in the last to arrive */
    public static ProcessBarrier create(int parties, SerializableRunnable action) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        ShmFile f = Handles.create(SLOTS_AT + SLOTS * 8L);
        INT.setVolatile(f.segment(), PARTIES, parties);
        INT.setVolatile(f.segment(), RESET_GEN, -1);
        return new ProcessBarrier(f, parties, action);
    }

    private void register() {
        int me = (int) Pids.SELF;
        for (int i = 0; i < SLOTS; i++) {
            if ((int) INT.getVolatile(seg, slot(i)) == me) {
                return;
            }
        }
        for (int i = 0; i < SLOTS; i++) {
            long at = slot(i);
            if (INT.compareAndSet(seg, at, 0, me)) {
                MemorySegment s = seg;
                Handles.atExit(() -> {
                    if (file.isOpen()) {
                        INT.compareAndSet(s, at, me, 0);
                    }
                });
                return;
            }
        }
    }

    private static long slot(int i) {
        return SLOTS_AT + i * 8L;
    }

    /**
     * Waits until all parties have arrived.
     *
     * @return the arrival index, {@code 0} for the first to arrive up to {@code parties - 1} (Python's return value)
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitUntil(Waiting.FOREVER);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * As {@link #await()}, at most {@code timeout}.
     *
     * @throws TimeoutException if the time elapsed; the barrier is then broken for the others
     */
    public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitUntil(Waiting.deadline(Math.max(timeout, 0), unit));
    }

    /** As {@link #await(long, TimeUnit)}. */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private int awaitUntil(long deadline) throws InterruptedException, BrokenBarrierException, TimeoutException {
        if (backend != null) {
            return backend.await(deadline, action == null ? null : () -> {
                try {
                    action.run();
                } catch (Exception e) {
                    throw e instanceof RuntimeException r ? r : new RuntimeException(e);
                }
            });
        }
        long st;
        int hi;
        int arrived;
        while (true) {
            st = (long) LONG.getVolatile(seg, STATE);
            hi = (int) (st >>> 32);
            arrived = (int) st;
            if ((hi & 1) != 0) {
                throw broken();
            }
            if (LONG.compareAndSet(seg, STATE, st, st + 1)) {
                break;
            }
        }
        if (arrived + 1 == parties) {
            if (action != null) {
                try {
                    action.run();
                } catch (Exception | Error e) {
                    breakBarrier();
                    if (e instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e instanceof Error err) {
                        throw err;
                    }
                    BrokenBarrierException b = new BrokenBarrierException("the barrier action failed: " + e);
                    b.initCause(e);
                    throw b;
                }
            }
            long done = (long) (hi + 2) << 32;
            if (!LONG.compareAndSet(seg, STATE, ((long) hi << 32) | parties, done)) {
                throw broken();
            }
            Futex.wakeAll(seg, GEN_WORD);
            return arrived;
        }
        return awaitRelease(hi, arrived, deadline);
    }

    private int awaitRelease(int hi, int index, long deadline)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        INT.getAndAdd(seg, WAITERS, 1);
        long nextCheck = System.nanoTime() + Waiting.SLICE_NANOS;
        try {
            while (true) {
                int now = (int) INT.getVolatile(seg, GEN_WORD);
                if (now != hi) {
                    if ((now >>> 1) != (hi >>> 1) && (int) INT.getVolatile(seg, RESET_GEN) != (hi >>> 1)) {
                        return index;
                    }
                    throw broken();
                }
                if (Thread.interrupted()) {
                    breakBarrier();
                    throw new InterruptedException();
                }
                if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                    breakBarrier();
                    if ((int) INT.getVolatile(seg, GEN_WORD) != hi + 1) {
                        continue; // the round completed just in time
                    }
                    throw new TimeoutException("barrier " + name + " timed out with " + waitingCount(hi) + " of "
                            + parties + " parties arrived; it is now broken");
                }
                if (!Waiting.spinWhile(seg, GEN_WORD, hi)) {
                    Waiting.sleepSlice(seg, GEN_WORD, hi, deadline);
                }
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + Waiting.SLICE_NANOS;
                    checkForDeadParties(hi);
                }
            }
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
        }
    }

    private int waitingCount(int hi) {
        long st = (long) LONG.getVolatile(seg, STATE);
        return (int) (st >>> 32) == hi || (int) (st >>> 32) == hi + 1 ? (int) st : 0;
    }

    private void checkForDeadParties(int hi) {
        for (int i = 0; i < SLOTS; i++) {
            int pid = (int) INT.getVolatile(seg, slot(i));
            if (pid > 0 && !Pids.isAlive(pid) && INT.compareAndSet(seg, slot(i), pid, 0)) {
                LONG.setVolatile(seg, DEAD_PID, (long) pid);
                breakBarrier();
            }
        }
    }

    private BrokenBarrierException broken() {
        long dead = (long) LONG.getVolatile(seg, DEAD_PID);
        return new BrokenBarrierException("barrier " + name + " is broken"
                + (dead != 0 ? " (process " + dead + ", one of its users, died while others waited)" : "")
                + "; reset() it to use it again");
    }

    private void breakBarrier() {
        while (true) {
            long st = (long) LONG.getVolatile(seg, STATE);
            if ((st & (1L << 32)) != 0) {
                return;
            }
            if (LONG.compareAndSet(seg, STATE, st, st | (1L << 32))) {
                Futex.wakeAll(seg, GEN_WORD);
                return;
            }
        }
    }

    /** Breaks the barrier: current and future waiters get {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        if (backend != null) {
            backend.abort();
            return;
        }
        breakBarrier();
    }

    /** Returns the barrier to its initial state; current waiters get {@link BrokenBarrierException}. */
    public void reset() {
        if (backend != null) {
            backend.reset();
            return;
        }
        while (true) {
            long st = (long) LONG.getVolatile(seg, STATE);
            int hi = (int) (st >>> 32);
            INT.setVolatile(seg, RESET_GEN, hi >>> 1);
            if (LONG.compareAndSet(seg, STATE, st, (long) (((hi >>> 1) + 1) << 1) << 32)) {
                LONG.setVolatile(seg, DEAD_PID, 0L);
                Futex.wakeAll(seg, GEN_WORD);
                return;
            }
        }
    }

    /** @return whether the barrier is broken (Python's {@code broken}) */
    public boolean isBroken() {
        if (backend != null) {
            return backend.isBroken();
        }
        return ((long) LONG.getVolatile(seg, STATE) & (1L << 32)) != 0;
    }

    /** @return how many parties wait in the current round (Python's {@code n_waiting}) */
    public int numberWaiting() {
        if (backend != null) {
            return backend.numberWaiting();
        }
        return (int) (long) LONG.getVolatile(seg, STATE);
    }

    /** @return the number of parties */
    public int parties() {
        return parties;
    }

    public String name() {
        return name;
    }

    /** Releases this process's use of the barrier; it is unlinked once no live process uses it. */
    @Override
    public void close() {
        if (backend != null) {
            backend.close();
            return;
        }
        int me = (int) Pids.SELF;
        for (int i = 0; i < SLOTS; i++) {
            INT.compareAndSet(seg, slot(i), me, 0);
        }
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        if (backend != null) {
            return new ProcessBarrier(backend, action);
        }
        return new ProcessBarrier(Handles.attach(name), parties, action);
    }

    @Override
    public String toString() {
        return "ProcessBarrier[" + name + ", parties=" + parties + (isBroken() ? ", broken]" : "]");
    }
}
