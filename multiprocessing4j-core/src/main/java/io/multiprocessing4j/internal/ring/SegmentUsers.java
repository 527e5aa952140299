package io.multiprocessing4j.internal.ring;

import io.multiprocessing4j.internal.shm.Pids;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Who holds a shared-memory object: a table in the object's own segment that tells when the last
 * holder is gone (so the name can be unlinked) and, for a pipe, whether the other end still has a
 * live holder (else the reader gets end of file).
 *
 * <p>Implementation notes. A holder is counted per process and per role (a pipe has two roles, its
 * two ends; a queue has one). Each process claims one slot by CAS on the slot's pid word and only
 * ever changes its own counters, so no lock is needed. A handle that is serialized (on its way to
 * another process) counts as "in flight" until the receiver attaches, so the name stays linked
 * while a child is starting. A process that dies keeps its counts, but its pid is dead, and live
 * checks skip it. Layout: [in-flight count per role, 8 bytes each, 2 roles] then {@link #SLOTS}
 * slots of [pid][count role 0][count role 1][spare], 32 bytes each.
 */
public final class SegmentUsers {
    /** Bytes the table occupies. */
    public static final long SIZE = 64 + 60 * 32;
    static final int SLOTS = 60;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment seg;
    private final long base;
    private int mySlot = -1;

    public SegmentUsers(MemorySegment seg, long base) {
        this.seg = seg;
        this.base = base;
    }

    private long slot(int i) {
        return base + 64 + (long) i * 32;
    }

    private synchronized int mySlot() {
        if (mySlot >= 0) {
            return mySlot;
        }
        for (int i = 0; i < SLOTS; i++) {
            long off = slot(i);
            long pid = (long) LONG.getVolatile(seg, off);
            if (pid == Pids.SELF) {
                return mySlot = i;
            }
        }
        for (int i = 0; i < SLOTS; i++) {
            long off = slot(i);
            long pid = (long) LONG.getVolatile(seg, off);
            if ((pid == 0 || (!Pids.isAlive(pid) && counts(i) == 0)) && LONG.compareAndSet(seg, off, pid, Pids.SELF)) {
                return mySlot = i;
            }
        }
        // a dead process's slot with leftover counts: take it over and zero its counts
        for (int i = 0; i < SLOTS; i++) {
            long off = slot(i);
            long pid = (long) LONG.getVolatile(seg, off);
            if (!Pids.isAlive(pid) && LONG.compareAndSet(seg, off, pid, Pids.SELF)) {
                LONG.setVolatile(seg, off + 8, 0L);
                LONG.setVolatile(seg, off + 16, 0L);
                return mySlot = i;
            }
        }
        throw new IllegalStateException("more than " + SLOTS + " live processes hold this shared object at once");
    }

    private long counts(int i) {
        return (long) LONG.getVolatile(seg, slot(i) + 8) + (long) LONG.getVolatile(seg, slot(i) + 16);
    }

    /** Records one more handle of {@code role} in this process. */
    public void attach(int role) {
        LONG.getAndAdd(seg, slot(mySlot()) + 8 + 8L * role, 1L);
    }

    /** Records that a handle of {@code role} arrived from another process (its in-flight count ends). */
    public void arrived(int role) {
        LONG.getAndAdd(seg, base + 8L * role, -1L);
    }

    /** Records that a handle of {@code role} is being sent to another process. */
    public void inFlight(int role) {
        LONG.getAndAdd(seg, base + 8L * role, 1L);
    }

    /** Records one handle fewer of {@code role} in this process. */
    public void detach(int role) {
        LONG.getAndAdd(seg, slot(mySlot()) + 8 + 8L * role, -1L);
    }

    /** @return whether a live process (this one included) holds a handle of {@code role}, or one is in flight */
    public boolean held(int role) {
        return held(role, true);
    }

    /**
     * @param checkLiveness {@code false} for a cheap check that trusts the counts (a dead holder
     *     still counts)
     */
    public boolean held(int role, boolean checkLiveness) {
        if ((long) LONG.getVolatile(seg, base + 8L * role) > 0) {
            return true;
        }
        for (int i = 0; i < SLOTS; i++) {
            long off = slot(i);
            long pid = (long) LONG.getVolatile(seg, off);
            if (pid != 0 && (long) LONG.getVolatile(seg, off + 8 + 8L * role) > 0 && (!checkLiveness || Pids.isAlive(pid))) {
                return true;
            }
        }
        return false;
    }

    /** @return whether anyone holds any role */
    public boolean heldAtAll(int roles) {
        for (int r = 0; r < roles; r++) {
            if (held(r)) {
                return true;
            }
        }
        return false;
    }
}
