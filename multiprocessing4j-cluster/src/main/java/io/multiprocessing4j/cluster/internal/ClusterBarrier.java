package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.spi.BarrierBackend;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;

import java.io.Serial;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * The cluster context's {@code ProcessBarrier}: a cyclic barrier in two {@link IgniteAtomicLong}s.
 *
 * <p>Implementation notes. The state word holds the parties arrived in this round (low 32 bits),
 * a broken bit (bit 32) and the round number (bits 33-63); every change is a compare-and-set, so
 * arrivals from any node are counted exactly once. The last to arrive runs the action and then
 * starts the next round; the others wait for the round number to change, re-reading it with a
 * back-off of at most {@link Grid#MAX_BACKOFF_MILLIS} ms. {@code reset()} first records the round it
 * ends in the second word, so that round's waiters report {@link BrokenBarrierException} instead of
 * a normal trip. A party whose node dies while waiting is not detected: the others wait until their
 * time-out (use {@code await(timeout)} on a cluster).
 */
public final class ClusterBarrier extends Grid implements BarrierBackend {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long BROKEN = 1L << 32;
    private static final int ROUND_SHIFT = 33;
    private final int parties;
    private transient volatile IgniteAtomicLong state;
    private transient volatile IgniteAtomicLong resetRound;

    public ClusterBarrier(Ignite ignite, int parties) {
        super(ignite, "barrier");
        this.parties = parties;
        this.state = ignite.atomicLong(name, 0, true);
        this.resetRound = ignite.atomicLong(name + "#reset", -1, true);
    }

    private IgniteAtomicLong state() {
        IgniteAtomicLong s = state;
        if (s == null) {
            s = ignite().atomicLong(name, 0, false);
            if (s == null) {
                throw new IllegalStateException("barrier " + name + " no longer exists in the cluster (its context was closed)");
            }
            state = s;
        }
        return s;
    }

    private IgniteAtomicLong resetRound() {
        IgniteAtomicLong r = resetRound;
        if (r == null) {
            r = ignite().atomicLong(name + "#reset", -1, true);
            resetRound = r;
        }
        return r;
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int await(long deadline, Runnable action) throws InterruptedException, BrokenBarrierException, TimeoutException {
        IgniteAtomicLong s = state();
        long st;
        while (true) {
            st = s.get();
            if ((st & BROKEN) != 0) {
                throw broken();
            }
            if (s.compareAndSet(st, st + 1)) {
                break;
            }
        }
        long round = st >>> ROUND_SHIFT;
        int index = (int) st;
        if (index + 1 == parties) {
            if (action != null) {
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    breakRound(round);
                    throw e;
                }
            }
            long arrived = st + 1;
            if (!s.compareAndSet(arrived, (round + 1) << ROUND_SHIFT)) {
                throw broken(); // broken (a time-out, abort or reset) while the action ran
            }
            return index;
        }
        long backoff = 1;
        while (true) {
            long now = s.get();
            if (now >>> ROUND_SHIFT != round) {
                if (resetRound().get() == round) {
                    throw broken();
                }
                return index;
            }
            if ((now & BROKEN) != 0) {
                throw broken();
            }
            if (!forever(deadline) && remaining(deadline) == 0) {
                breakRound(round);
                throw new TimeoutException("barrier " + name + " timed out with " + (int) now + " of " + parties
                        + " parties; it is now broken");
            }
            try {
                backoff = pause(backoff, deadline);
            } catch (InterruptedException e) {
                breakRound(round);
                throw e;
            }
        }
    }

    private BrokenBarrierException broken() {
        return new BrokenBarrierException("barrier " + name + " is broken");
    }

    /** Sets the broken bit if the round is still {@code round}. */
    private void breakRound(long round) {
        IgniteAtomicLong s = state();
        while (true) {
            long st = s.get();
            if (st >>> ROUND_SHIFT != round || (st & BROKEN) != 0 || s.compareAndSet(st, st | BROKEN)) {
                return;
            }
        }
    }

    @Override
    public void abort() {
        IgniteAtomicLong s = state();
        while (true) {
            long st = s.get();
            if ((st & BROKEN) != 0 || s.compareAndSet(st, st | BROKEN)) {
                return;
            }
        }
    }

    @Override
    public void reset() {
        IgniteAtomicLong s = state();
        while (true) {
            long st = s.get();
            long round = st >>> ROUND_SHIFT;
            resetRound().getAndSet(round);
            if (s.compareAndSet(st, (round + 1) << ROUND_SHIFT)) {
                return;
            }
        }
    }

    @Override
    public boolean isBroken() {
        return (state().get() & BROKEN) != 0;
    }

    @Override
    public int numberWaiting() {
        return (int) state().get();
    }

    /** Nothing to release in this process: the barrier lives in the cluster until its context removes it. */
    @Override
    public void close() {
    }

    void destroy() {
        for (String n : new String[] {name, name + "#reset"}) {
            IgniteAtomicLong a = ignite().atomicLong(n, 0, false);
            if (a != null) {
                a.close();
            }
        }
    }
}
