package io.multiprocessing4j.internal.ring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the operations running on one handle, so that closing the handle can unmap its memory
 * only after the last operation has left.
 *
 * <p>Implementation notes. A shared {@code Arena} refuses to close while a downcall (a futex wait)
 * holds its segment, and unmapping under a running copy would fail it. So {@link #close()} only
 * marks the gate closed; whoever leaves last (the closer or the final operation) gets {@code true}
 * and releases the memory. The state is one word: bit 62 = closed, bit 61 = released, low bits =
 * operations in flight.
 */
public final class HandleGate {
    private static final long CLOSED = 1L << 62;
    private static final long RELEASED = 1L << 61;
    private static final long COUNT = RELEASED - 1;

    private final AtomicLong state = new AtomicLong();

    /** @return {@code false} if the handle is closed (the operation must not start) */
    public boolean enter() {
        long s = state.incrementAndGet();
        if ((s & CLOSED) != 0) {
            exit();
            return false;
        }
        return true;
    }

    /** @return {@code true} if the caller must release the memory now */
    public boolean exit() {
        long s = state.decrementAndGet();
        return (s & CLOSED) != 0 && (s & COUNT) == 0 && claimRelease(s);
    }

    /** @return {@code true} if the caller must release the memory now (no operation in flight) */
    public boolean close() {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        s |= CLOSED;
        return (s & COUNT) == 0 && claimRelease(s);
    }

    private boolean claimRelease(long seen) {
        long s = seen;
        while ((s & RELEASED) == 0 && (s & COUNT) == 0) {
            if (state.compareAndSet(s, s | RELEASED)) {
                return true;
            }
            s = state.get();
        }
        return false;
    }

    /** @return whether {@link #close()} has been called */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }
}
