package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.manager.BarrierProxy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The object behind a managed {@code Barrier}.
 *
 * <p>Implementation notes. A {@link java.util.concurrent.CyclicBarrier} cannot be aborted (put in a
 * broken state that lasts until {@code reset}) without a waiter of its own, and an extra waiter
 * could be the last party and trip it instead; so this is the same generation scheme on a monitor,
 * with Python's arrival order (first arrival gets 0). A round is one generation: tripping starts a
 * new one; breaking marks the current one broken until {@code reset}. A waiter's server thread is
 * interrupted only when its client went away (DeathWatch), and that breaks the round, as an
 * interrupted waiter breaks Python's and Java's barriers: the others must not wait for a party
 * that will never come.
 */
final class ManagedBarrier implements BarrierProxy {
    private final int parties;
    private Round round = new Round(); // guarded by this

    private static final class Round {
        int arrived;
        boolean broken;
    }

    ManagedBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        this.parties = parties;
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitNanos(false, 0);
        } catch (TimeoutException e) {
            throw new AssertionError("an untimed wait timed out", e);
        }
    }

    @Override
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout must not be null; call await() to wait without a limit");
        return awaitNanos(true, timeout.toNanos());
    }

    private synchronized int awaitNanos(boolean timed, long nanos) throws InterruptedException, BrokenBarrierException,
            TimeoutException {
        Round r = round;
        if (r.broken) {
            throw broken();
        }
        int index = r.arrived++;
        if (r.arrived == parties) {
            round = new Round();
            notifyAll();
            return index;
        }
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (r.broken) {
                throw broken();
            }
            if (r != round) {
                return index;
            }
            try {
                if (!timed) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        breakRound(r);
                        throw new TimeoutException("the managed barrier's wait timed out after " + Duration.ofNanos(nanos)
                                + " with " + (r.arrived) + " of " + parties + " parties arrived; the barrier is now broken"
                                + " for the others until reset()");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                if (r == round && !r.broken) {
                    breakRound(r);
                    throw e;
                }
                Thread.currentThread().interrupt(); // the round ended anyway: report how it ended
            }
        }
    }

    private void breakRound(Round r) {
        r.broken = true;
        notifyAll();
    }

    private BrokenBarrierException broken() {
        return new BrokenBarrierException("the managed barrier is broken (a waiter timed out or went away, or abort()"
                + " was called); reset() makes it usable again");
    }

    @Override
    public synchronized void reset() {
        breakRound(round);
        round = new Round();
    }

    @Override
    public synchronized void abort() {
        breakRound(round);
    }

    @Override
    public synchronized boolean isBroken() {
        return round.broken;
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public synchronized int numberWaiting() {
        return round.broken ? 0 : round.arrived;
    }

    @Override
    public synchronized String toString() {
        return "Barrier(" + numberWaiting() + "/" + parties + " waiting" + (round.broken ? ", broken" : "") + ")";
    }
}
