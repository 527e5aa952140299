package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.spi.BarrierBackend;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * The cyclic barrier under a {@code ProcessBarrier} of the local contexts.
 *
 * <p>Implementation notes. One long word holds the arrivals of the round (low int) and the
 * generation shifted left by one with the broken bit (high int, also the futex word waiters sleep
 * on); the last to arrive runs the action and moves to the next generation with one CAS. From
 * offset 64 a table of 64 slots records the pid of every process that holds a handle (entered on
 * creation and on deserialization, struck out on close and at normal exit): a waiter that has slept
 * a slice checks them and breaks the barrier when one died. Serialized, it is its name and parties.
 */
public final class LocalBarrier implements BarrierBackend {
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
    private final transient ShmFile file;
    private final transient MemorySegment seg;

    private LocalBarrier(ShmFile file, int parties) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        this.parties = parties;
        register();
    }

    /** @return a new barrier for {@code parties}, this process recorded as a user */
    public static LocalBarrier create(int parties) {
        ShmFile f = Handles.create(SLOTS_AT + SLOTS * 8L);
        INT.setVolatile(f.segment(), PARTIES, parties);
        INT.setVolatile(f.segment(), RESET_GEN, -1);
        return new LocalBarrier(f, parties);
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

    @Override
    public int await(long deadline, Runnable action) throws InterruptedException, BrokenBarrierException, TimeoutException {
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
                } catch (RuntimeException | Error e) {
                    breakBarrier();
                    throw e;
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

    @Override
    public void abort() {
        breakBarrier();
    }

    @Override
    public void reset() {
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

    @Override
    public boolean isBroken() {
        return ((long) LONG.getVolatile(seg, STATE) & (1L << 32)) != 0;
    }

    @Override
    public int numberWaiting() {
        return (int) (long) LONG.getVolatile(seg, STATE);
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        int me = (int) Pids.SELF;
        for (int i = 0; i < SLOTS; i++) {
            INT.compareAndSet(seg, slot(i), me, 0);
        }
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        return new LocalBarrier(Handles.attach(name), parties);
    }

    @Override
    public String toString() {
        return "ProcessBarrier[" + name + ", parties=" + parties + "]";
    }
}
