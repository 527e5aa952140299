package io.multiprocessing4j.internal.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The first page of every {@link ShmFile}, which the caller never sees.
 *
 * <pre>
 *  0  long  magic "MP4JSHM1" (written last at creation: a file without it is not ready or not ours)
 *  8  long  usable size
 * 16  int   unlink state: 0 open, -1 unlinked, else the pid of a process deciding to unlink
 * 20  int   flags: bit 0 = the attach table overflowed, never unlink automatically
 * 64  SLOTS × {long pid, long start time in epoch ms}: the processes that use the file
 * </pre>
 */
final class Header {
    static final long SIZE = 4096;
    static final long MAGIC = 0x314D48534A34504DL; // "MP4JSHM1" little-endian
    static final long USER_SIZE = 8;
    static final long STATE = 16;
    static final long FLAGS = 20;
    static final long SLOTS_AT = 64;
    static final int SLOT_BYTES = 16;
    static final int SLOTS = (int) ((SIZE - SLOTS_AT) / SLOT_BYTES);
    static final int STATE_OPEN = 0;
    static final int STATE_UNLINKED = -1;
    static final int FLAG_OVERFLOW = 1;
    /** The owner unlinks it explicitly (e.g. a queue item that outlives its producer): never automatic. */
    static final int FLAG_KEEP = 2;
    /**
     * A kept queue item whose record is in its queue's ring. Until then only its producer knows
     * it: a producer that dies before committing leaves an item file nobody will read.
     */
    static final int FLAG_COMMITTED = 4;

    static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private Header() {
    }

    static void initialise(MemorySegment h, long size) {
        h.set(ValueLayout.JAVA_LONG, USER_SIZE, size);
    }

    static void publish(MemorySegment h) {
        LONG.setRelease(h, 0L, MAGIC);
    }

    static boolean isOurs(MemorySegment h) {
        return (long) LONG.getAcquire(h, 0L) == MAGIC;
    }

    static long slotPid(int i) {
        return SLOTS_AT + (long) i * SLOT_BYTES;
    }

    static long slotStart(int i) {
        return slotPid(i) + 8;
    }

    /** @return whether any recorded process is alive; clears the records of dead ones */
    static boolean anyLive(MemorySegment h) {
        boolean live = false;
        for (int i = 0; i < SLOTS; i++) {
            long pid = (long) LONG.getVolatile(h, slotPid(i));
            if (pid == 0) {
                continue;
            }
            long start = (long) LONG.getVolatile(h, slotStart(i));
            if (Pids.isAlive(pid, start)) {
                live = true;
            } else {
                LONG.compareAndSet(h, slotPid(i), pid, 0L);
            }
        }
        return live;
    }

    /** @return the claimed slot, or -1 when the table is full (the overflow flag is then set) */
    static int claimSlot(MemorySegment h) {
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < SLOTS; i++) {
                if ((long) LONG.getVolatile(h, slotPid(i)) == 0
                        && LONG.compareAndSet(h, slotPid(i), 0L, Pids.SELF)) {
                    LONG.setVolatile(h, slotStart(i), Pids.SELF_START);
                    return i;
                }
            }
            anyLive(h); // frees the slots of dead processes for the second pass
        }
        INT.getAndBitwiseOr(h, FLAGS, FLAG_OVERFLOW);
        return -1;
    }

    static void clearSlot(MemorySegment h, int i) {
        if (i >= 0) {
            LONG.compareAndSet(h, slotPid(i), Pids.SELF, 0L);
        }
    }
}
