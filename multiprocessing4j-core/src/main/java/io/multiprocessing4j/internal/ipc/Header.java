package io.multiprocessing4j.internal.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The first page of every {@link ShmFile}, which the caller never sees: what the file is, its
 * size, its unlink state and its attach table, the one table of who uses a shared-memory object.
 *
 * <pre>
 *  0                   8                   16        20        24                  32
 *  +-------------------+-------------------+---------+---------+-------------------+
 *  | magic "MP4JSHM2"  | usable size       | unlink  | flags   | in flight, role 0 |
 *  +-------------------+-------------------+---------+---------+-------------------+
 *  32                  40                  48                  56                  64
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | in flight, role 1 | unslotted, role 0 | unslotted, role 1 | unslotted procs   |
 *  +-------------------+-------------------+-------------------+-------------------+
 *  64: the attach table, SLOTS (126) slots of 32 bytes
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | pid               | start (epoch ms)  | handles, role 0   | handles, role 1   |  slot 0
 *  +-------------------+-------------------+-------------------+-------------------+
 *  | ...                                                                           |  slot 1..125
 *  +-------------------------------------------------------------------------------+
 *  4096: the caller's memory ({@link ShmFile#segment()})
 * </pre>
 *
 * <ul>
 * <li>magic: written last at creation; a file without it is not ready, or not ours;</li>
 * <li>unlink state: 0 open, -1 unlinked, else the pid of a process deciding to unlink
 * ({@link ResourceTracker});</li>
 * <li>flags: {@link #FLAG_OVERFLOW}, {@link #FLAG_KEEP}, {@link #FLAG_COMMITTED};</li>
 * <li>a slot: a process that uses the file, once per process however many views it maps, with its
 * start time (so a recycled pid is not taken for it) and, for the objects that count handles
 * (queues: one role; pipes: one role per end), how many handles of each role it holds;</li>
 * <li>in flight: handles serialized on their way to another process, counted until the receiver
 * attaches, so the name stays linked while a child is starting;</li>
 * <li>unslotted: handles of processes that found the table full (they never count as dead), and
 * how many such processes are attached: the file is not unlinked while one is, and is again once
 * the last has detached cleanly (one killed while attached keeps it until the machine restarts).</li>
 * </ul>
 *
 * <p>Implementation notes. A process claims a slot by CAS on its pid word and then only ever
 * changes its own slot's counters, so no lock is needed; a dead process's slot keeps its counts but
 * its pid is dead and live checks skip it, and whoever claims the slot next zeroes them. Between
 * that claim and the zeroing a reader may see a live pid with stale counts: at worst a peer sees
 * "held" for one check longer.
 */
final class Header {
    static final long SIZE = 4096;
    /**
     * "MP4JSHM2" little-endian. The number changes with the layout: a process of another version
     * sweeping the directory must not read this table with its own offsets (and clear a count it
     * takes for a dead pid), so to it a file of another layout is a foreign, header-less one.
     */
    static final long MAGIC = 0x324D48534A34504DL;
    static final long USER_SIZE = 8;
    static final long STATE = 16;
    static final long FLAGS = 20;
    static final long IN_FLIGHT = 24;
    static final long UNSLOTTED = 40;
    static final long UNSLOTTED_PROCESSES = 56;
    static final long SLOTS_AT = 64;
    static final int SLOT_BYTES = 32;
    /** Roles a file's handles can have (a pipe's two ends). */
    static final int ROLES = 2;
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

    private static long slotCount(int i, int role) {
        return slotPid(i) + 16 + 8L * role;
    }

    private static long countAt(int slot, int role) {
        checkRole(role);
        return slot >= 0 ? slotCount(slot, role) : UNSLOTTED + 8L * role;
    }

    private static void checkRole(int role) {
        if (role < 0 || role >= ROLES) {
            throw new IllegalArgumentException("role must be 0 or 1, got " + role);
        }
    }

    /** Adds {@code delta} to this process's handles of {@code role} ({@code slot} -1: unslotted). */
    static void addHandles(MemorySegment h, int slot, int role, long delta) {
        LONG.getAndAdd(h, countAt(slot, role), delta);
    }

    /** Adds {@code delta} to the handles of {@code role} in flight to another process. */
    static void addInFlight(MemorySegment h, int role, long delta) {
        checkRole(role);
        LONG.getAndAdd(h, IN_FLIGHT + 8L * role, delta);
    }

    /**
     * @param checkLiveness {@code false} for a cheap check that trusts the counts (a dead holder
     *     still counts)
     * @return whether a live process (this one included) holds a handle of {@code role}, or one is
     *     in flight
     */
    static boolean held(MemorySegment h, int role, boolean checkLiveness) {
        checkRole(role);
        if ((long) LONG.getVolatile(h, IN_FLIGHT + 8L * role) > 0
                || (long) LONG.getVolatile(h, UNSLOTTED + 8L * role) > 0) {
            return true;
        }
        for (int i = 0; i < SLOTS; i++) {
            long pid = (long) LONG.getVolatile(h, slotPid(i));
            if (pid != 0 && (long) LONG.getVolatile(h, slotCount(i, role)) > 0
                    && (!checkLiveness || Pids.isAlive(pid, (long) LONG.getVolatile(h, slotStart(i))))) {
                return true;
            }
        }
        return false;
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
                    for (int r = 0; r < ROLES; r++) {
                        LONG.setVolatile(h, slotCount(i, r), 0L); // a dead process's leftovers
                    }
                    return i;
                }
            }
            anyLive(h); // frees the slots of dead processes for the second pass
        }
        INT.getAndBitwiseOr(h, FLAGS, FLAG_OVERFLOW);
        LONG.getAndAdd(h, UNSLOTTED_PROCESSES, 1L);
        return -1;
    }

    /** Detaches this process: frees its slot, or (slot -1) leaves the count of unslotted processes. */
    static void clearSlot(MemorySegment h, int i) {
        if (i >= 0) {
            LONG.compareAndSet(h, slotPid(i), Pids.SELF, 0L);
        } else {
            LONG.getAndAdd(h, UNSLOTTED_PROCESSES, -1L);
        }
    }

    /** @return how many processes that found the table full are attached */
    static long unslottedProcesses(MemorySegment h) {
        return (long) LONG.getVolatile(h, UNSLOTTED_PROCESSES);
    }
}
