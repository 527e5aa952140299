package io.multiprocessing4j.internal.ipc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The life of one process's handle on a queue or pipe segment: the operations running on it, its
 * count in the segment's attach table, its closing at exit, and the order of a close. Closing
 * unmaps the memory only after the last operation has left.
 *
 * <p>Implementation notes. A shared {@code Arena} refuses to close while a downcall (a futex wait)
 * holds its segment, and unmapping under a running copy would fail it. So {@link #close} only
 * marks the gate closed, counting itself as an operation while it wakes sleepers and unlinks;
 * whoever leaves last (the closer or the final operation) unmaps. The state
 * is one word: bit 62 = closed, bit 61 = released, low bits = operations in flight. The handle
 * counts as a holder of its role (a queue has one, a pipe one per end) from construction until
 * it is closed or handed over to another process, whichever comes first.
 */
public final class HandleGate {
    private static final long CLOSED = 1L << 62;
    private static final long RELEASED = 1L << 61;
    private static final long COUNT = RELEASED - 1;

    private final AtomicLong state = new AtomicLong();
    private final ShmFile file;
    private final int role;
    private final AutoCloseable owner;
    private volatile boolean counted = true;

    /**
     * Counts {@code owner} as a holder of {@code role} in {@code file} and closes it at exit.
     *
     * @param arrived whether the handle was sent by another process (its in-flight count ends)
     */
    public HandleGate(ShmFile file, int role, boolean arrived, AutoCloseable owner) {
        this.file = file;
        this.role = role;
        this.owner = owner;
        file.hold(role);
        if (arrived) {
            file.arrived(role);
        }
        ExitHook.closeAtExit(owner);
    }

    /** @return {@code false} if the handle is closed (the operation must not start) */
    public boolean enter() {
        long s = state.incrementAndGet();
        if ((s & CLOSED) != 0) {
            leave();
            return false;
        }
        return true;
    }

    /** Ends an operation; the last one out of a closed handle unmaps its memory. */
    public void leave() {
        long s = state.decrementAndGet();
        if ((s & CLOSED) != 0 && (s & COUNT) == 0 && claimRelease(s)) {
            file.close();
        }
    }

    /** @return whether {@link #close} has been called */
    public boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** Records that the handle is being sent to another process, which will count it on arrival. */
    public void sending() {
        file.sending(role);
    }

    /** This process's copy stops counting as a holder (it was handed over, or is closing). */
    public void handOver() {
        if (counted) {
            counted = false;
            file.unhold(role);
        }
    }

    /**
     * Closes the handle: later operations fail; it stops counting; {@code wake} runs (so threads
     * blocked on it, and peers, look again); if no live process holds any of the first
     * {@code roles} roles any more, {@code beforeUnlink} runs and the name is unlinked; the memory
     * is unmapped now or when the last running operation leaves. Idempotent.
     */
    public void close(Runnable wake, int roles, Runnable beforeUnlink) {
        long s;
        do {
            s = state.get();
            if ((s & CLOSED) != 0) {
                return;
            }
            // the closer counts as an operation until it is done with the memory: the wake below
            // lets a blocked operation leave, and had that one unmapped (the last out, the closer
            // not counted), the closer's next wake would touch a closed segment
        } while (!state.compareAndSet(s, (s + 1) | CLOSED));
        try {
            ExitHook.forget(owner);
            handOver();
            wake.run();
            boolean held = false;
            for (int r = 0; r < roles && !held; r++) {
                held = file.held(r, true);
            }
            if (!held) {
                beforeUnlink.run();
                ShmFile.unlink(file.name());
            }
        } finally {
            leave();
        }
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
}
