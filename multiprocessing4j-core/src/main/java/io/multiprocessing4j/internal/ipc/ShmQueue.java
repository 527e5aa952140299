package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * A multi-producer multi-consumer queue of byte items in one shared-memory segment, usable from
 * any process that attaches it by name: the engine under {@code ProcessQueue},
 * {@code JoinableProcessQueue} and {@code SimpleProcessQueue}.
 *
 * <p>Implementation notes.
 * <ul>
 * <li><b>Layout.</b> The segment (after {@link ShmFile}'s header page, whose attach table counts
 * this queue's handles per process) holds a header and a byte ring of records
 * {@code [int length][byte kind][payload]} that wrap around its end, encoded by {@link RingCodec}
 * as a pipe's frames are. An item larger than
 * {@code inlineMax} is written to its own segment outside the lock and only that segment's name
 * travels through the ring; the consumer copies it out and unlinks it. So a producer never waits
 * for a consumer to make room for a big item (CPython's #73983 {@code join()} deadlock), and a
 * finished producer can exit with its items still in the queue: they live in shared memory, not in
 * a buffer of the producer.
 * <pre>
 *   0         4         8                   16                  24                  32
 *   +---------+---------+-------------------+-------------------+-------------------+
 *   | magic   | (spare) | maxsize (items)   | ring capacity     | inline max        |
 *   +---------+---------+-------------------+-------------------+-------------------+
 *   32                  40                                                          64
 *   +-------------------+-----------------------------------------------------------+
 *   | max item bytes    | (spare)                                                   |
 *   +-------------------+-----------------------------------------------------------+
 *   64                                      96        100       104                 128
 *   +---------------------------------------+---------+---------+-------------------+
 *   | RobustMutex (32 bytes, its own map)   | active  | (spare) | bank 0 ...        |
 *   +---------------------------------------+---------+---------+-------------------+
 *   a bank (24 bytes, bank 0 at 104, bank 1 at 128):
 *   +-------------------+-------------------+---------+------------+
 *   | head (read pos)   | tail (write pos)  | count   | unfinished |
 *   +-------------------+-------------------+---------+------------+
 *   256 not-empty signal (int), 260 its waiting flag     one cache line each
 *   320 not-full signal,        324 its waiting flag
 *   384 all-done signal,        388 its waiting flag
 *   448 recoveries (long): lock take-overs from dead holders
 *   512 ring data, capacity bytes (a power of two), records at position & (capacity - 1):
 *   +----------------+---------+-------------------------------------------------+
 *   | length (BE int)| kind    | payload (inline bytes, or a spilled item's name) |
 *   +----------------+---------+-------------------------------------------------+
 * </pre></li>
 * <li><b>Lock and commit.</b> Operations run under a short {@link RobustMutex}. The ring state
 * (head, tail, count, unfinished tasks) lives in two banks; an operation writes the new state into
 * the inactive bank and then flips the active-bank word: one store commits it. A process that dies
 * holding the lock has therefore either committed or changed nothing visible, and the waiter that
 * takes the lock over finds a consistent queue: no torn item is ever read, and an item that a dying
 * consumer had not committed stays in the queue for the next one.</li>
 * <li><b>Waiting.</b> Consumers sleep on a "not empty" futex word and producers of a full queue on
 * a "not full" word, each with a waiters counter so the other side only makes the wake syscall when
 * someone may sleep (a flag the waker clears, so a burst costs one syscall). Item copies (in and out) happen under the lock, which keeps the protocol simple;
 * with the ring in cache this costs tens of nanoseconds per small item.</li>
 * </ul>
 */
public final class ShmQueue implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private static final int MAGIC = 0x6d70_7131; // "mpq1"
    private static final long OFF_MAGIC = 0;
    private static final long OFF_MAXSIZE = 8;
    private static final long OFF_CAPACITY = 16;
    private static final long OFF_INLINE_MAX = 24;
    private static final long OFF_MAX_ITEM = 32;
    /** Offset of the {@link RobustMutex} (its word is 0 or the holder's pid); crash tests play a holder that dies. */
    public static final long OFF_LOCK = 64;
    // the mutex, the active-bank word and bank 0 share one cache line, bank 1 is on the next
    private static final long OFF_ACTIVE = OFF_LOCK + RobustMutex.BYTES;
    private static final long OFF_BANKS = OFF_ACTIVE + 8;
    private static final long BANK = 24; // long head, long tail, int count, int unfinished
    private static final long OFF_NE_SIG = 256;
    private static final long OFF_NE_WAITERS = 260;
    private static final long OFF_NF_SIG = 320;
    private static final long OFF_NF_WAITERS = 324;
    private static final long OFF_DONE_SIG = 384;
    private static final long OFF_DONE_WAITERS = 388;
    private static final long OFF_RECOVERIES = 448;
    private static final long OFF_DATA = 512;
    private static final int REC_HEADER = RingCodec.FRAME_HEADER;
    private static final byte KIND_INLINE = 0;
    private static final byte KIND_SPILLED = 1;

    /** Ring bytes when not configured: memory is only touched as it is used. */
    public static final long DEFAULT_CAPACITY = Long.getLong("mp4j.queue.ringBytes", 1L << 23);
    /** Largest item allowed when not configured. */
    public static final long DEFAULT_MAX_ITEM = Long.getLong("mp4j.queue.maxItemBytes", Integer.MAX_VALUE - 64L);

    private final String name;
    private final ShmFile file;
    private final MemorySegment seg;
    private final HandleGate gate;
    private final long maxsize;
    private final long capacity;
    private final RingCodec ring;
    private final long inlineMax;
    private final long maxItem;

    private ShmQueue(ShmFile file, boolean arrived) {
        this.file = file;
        this.name = file.name();
        this.seg = file.segment();
        if ((int) INT.getVolatile(seg, OFF_MAGIC) != MAGIC) {
            file.close();
            throw new IllegalArgumentException("shared memory '" + name + "' is not a multiprocessing4j queue");
        }
        this.maxsize = seg.get(ValueLayout.JAVA_LONG, OFF_MAXSIZE);
        this.capacity = seg.get(ValueLayout.JAVA_LONG, OFF_CAPACITY);
        this.ring = new RingCodec(seg, OFF_DATA, capacity);
        this.inlineMax = seg.get(ValueLayout.JAVA_LONG, OFF_INLINE_MAX);
        this.maxItem = seg.get(ValueLayout.JAVA_LONG, OFF_MAX_ITEM);
        this.gate = new HandleGate(file, 0, arrived, this);
    }

    /**
     * Creates a queue.
     *
     * @param maxsize the most items it holds, 0 for no limit
     * @param capacity ring bytes, a power of two (at least 4 KiB)
     * @param maxItem the largest serialized item accepted
     */
    public static ShmQueue create(long maxsize, long capacity, long maxItem) {
        if (Long.bitCount(capacity) != 1 || capacity < 4096) {
            throw new IllegalArgumentException("ring bytes must be a power of two of at least 4096, got " + capacity);
        }
        String name = ShmFile.newName();
        try {
            ShmFile f = ShmFile.create(name, OFF_DATA + capacity);
            MemorySegment s = f.segment();
            s.set(ValueLayout.JAVA_LONG, OFF_MAXSIZE, maxsize);
            s.set(ValueLayout.JAVA_LONG, OFF_CAPACITY, capacity);
            s.set(ValueLayout.JAVA_LONG, OFF_INLINE_MAX, Math.min(capacity / 4, Long.getLong("mp4j.queue.inlineBytes", 1L << 21)));
            s.set(ValueLayout.JAVA_LONG, OFF_MAX_ITEM, maxItem);
            INT.setVolatile(s, OFF_MAGIC, MAGIC);
            return new ShmQueue(f, false);
        } catch (IOException e) {
            ShmFile.unlink(name);
            throw new UncheckedIOException("could not create a queue in shared memory: " + e.getMessage(), e);
        }
    }

    /** Attaches an existing queue by name (the receiving side of a serialized handle). */
    public static ShmQueue attach(String name) throws IOException {
        return new ShmQueue(ShmFile.attach(name), true);
    }

    public String name() {
        return name;
    }

    public long maxsize() {
        return maxsize;
    }

    public long maxItemBytes() {
        return maxItem;
    }

    // --- state banks -------------------------------------------------------------------------------

    private long bank() {
        return OFF_BANKS + BANK * (int) INT.getVolatile(seg, OFF_ACTIVE);
    }

    private long field(long bank, int i) {
        return i < 2 ? (long) LONG.getVolatile(seg, bank + 8L * i) : (int) INT.getVolatile(seg, bank + 16 + 4L * (i - 2));
    }

    private void commit(long head, long tail, long count, long unfinished) {
        int active = (int) INT.getVolatile(seg, OFF_ACTIVE);
        long next = OFF_BANKS + BANK * (1 - active);
        // the inactive bank is read by no one until the flip; the flip's volatile store orders these before it
        LONG.setRelease(seg, next, head);
        LONG.setRelease(seg, next + 8, tail);
        INT.setRelease(seg, next + 16, (int) count);
        INT.setRelease(seg, next + 20, (int) unfinished);
        INT.setVolatile(seg, OFF_ACTIVE, 1 - active);
    }

    private void lock() {
        try {
            if (RobustMutex.acquire(seg, OFF_LOCK, Waiting.FOREVER, false) == RobustMutex.Outcome.ACQUIRED_OWNER_DIED) {
                LONG.getAndAdd(seg, OFF_RECOVERIES, 1L);
            }
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible acquisition was interrupted", e);
        }
    }

    private void unlock() {
        RobustMutex.release(seg, OFF_LOCK, "the queue's lock");
    }

    /** @return how many times a waiter took the lock over from a process that died holding it */
    public long recoveries() {
        return (long) LONG.getVolatile(seg, OFF_RECOVERIES);
    }

    /** @return items in the queue now (a snapshot: others may change it at once) */
    public long size() {
        return field(bank(), 2);
    }

    /** @return tasks put and not yet marked done */
    public long unfinished() {
        return field(bank(), 3);
    }

    // --- put ---------------------------------------------------------------------------------------

    /**
     * Adds one serialized item, waiting for room until {@code deadline}.
     *
     * @return {@code false} on time-out (nothing was added)
     */
    public boolean put(byte[] item, long deadline, Waiting.Guard guard) throws IOException, InterruptedException {
        return put(NO_PREFIX, item, deadline, guard);
    }

    private static final byte[] NO_PREFIX = new byte[0];
    /** The serializer's tag for a {@code byte[]} value: {@code [5][int length][bytes]}. */
    private static final byte TAG_BYTES = 5;

    /** A {@code byte[]} item, read straight out of the ring without a serializer copy. */
    public record Raw(byte[] bytes) {
    }

    /**
     * Adds a {@code byte[]} item without serializing it: its encoding is the serializer's
     * ({@code [5][int length][bytes]}), written straight from the caller's array.
     */
    public boolean putBytesItem(byte[] item, long deadline, Waiting.Guard guard) throws IOException, InterruptedException {
        int n = item.length;
        return put(new byte[] {TAG_BYTES, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, item,
                deadline, guard);
    }

    private boolean put(byte[] prefix, byte[] body, long deadline, Waiting.Guard guard)
            throws IOException, InterruptedException {
        long size = (long) prefix.length + body.length;
        if (size > maxItem) {
            throw new IllegalArgumentException("item of " + size + " bytes (serialized) is larger than this"
                    + " queue's maximum of " + maxItem + " bytes; send it in parts or raise maxItemBytes");
        }
        enter();
        String spill = null;
        ShmFile spillFile = null;
        try {
            byte kind = KIND_INLINE;
            byte[] payload = body;
            byte[] pre = prefix;
            if (size > inlineMax) {
                spillFile = spill(name, prefix, body);
                spill = spillFile.name();
                kind = KIND_SPILLED;
                payload = spill.getBytes(StandardCharsets.UTF_8);
                pre = NO_PREFIX;
            }
            long need = REC_HEADER + pre.length + payload.length;
            while (true) {
                lock();
                boolean done = false;
                try {
                    long b = bank();
                    long head = field(b, 0);
                    long tail = field(b, 1);
                    long count = field(b, 2);
                    if ((maxsize <= 0 || count < maxsize) && capacity - (tail - head) >= need) {
                        if (spillFile != null) {
                            // before the ring commit: a death between the two leaves a committed file
                            // that goes with its queue, never a ring record naming a swept file
                            spillFile.markCommitted();
                        }
                        ring.putHeader(tail, pre.length + payload.length, kind);
                        ring.copyIn(pre, 0, tail + REC_HEADER, pre.length);
                        ring.copyIn(payload, 0, tail + REC_HEADER + pre.length, payload.length);
                        commit(head, tail + need, count + 1, field(b, 3) + 1);
                        done = true;
                    }
                } finally {
                    unlock();
                }
                if (done) {
                    spill = null;
                    signal(OFF_NE_SIG, OFF_NE_WAITERS);
                    return true;
                }
                if (!await(OFF_NF_SIG, OFF_NF_WAITERS, () -> hasRoom(need), deadline, guard)) {
                    return false;
                }
            }
        } finally {
            if (spill != null) {
                ShmFile.unlink(spill);
            }
            if (spillFile != null) {
                spillFile.release(); // the producer is no user of a committed item: the sweep judges it alone
            }
            leave();
        }
    }

    private boolean hasRoom(long need) {
        long b = bank();
        long count = field(b, 2);
        return (maxsize <= 0 || count < maxsize) && capacity - (field(b, 1) - field(b, 0)) >= need;
    }

    /**
     * Writes a large item to its own file, named after the queue, and returns it still open: the
     * producer stays its user (so no sweep takes it) until it is committed to the ring.
     */
    private static ShmFile spill(String queueName, byte[] prefix, byte[] body) throws IOException {
        String n = ShmFile.itemName(queueName);
        long len = (long) prefix.length + body.length;
        ShmFile f = null;
        try {
            f = ShmFile.create(n, len + 8L);
            // the item outlives its producer; the consumer or the queue's cleanup unlinks it, and the
            // sweep once its queue is gone or if it was never committed
            f.keepUntilUnlinked();
            f.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, len);
            MemorySegment.copy(prefix, 0, f.segment(), ValueLayout.JAVA_BYTE, 8, prefix.length);
            MemorySegment.copy(body, 0, f.segment(), ValueLayout.JAVA_BYTE, 8 + prefix.length, body.length);
            return f;
        } catch (IOException | RuntimeException e) {
            if (f != null) {
                f.release();
            }
            ShmFile.unlink(n);
            throw e;
        }
    }

    private static Object unspill(ShmFile f, boolean unlink) {
        try (f) {
            if (unlink) {
                ShmFile.unlink(f.name()); // the mapping stays valid until closed
            }
            long len = f.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
            if (len >= 5 && f.segment().get(ValueLayout.JAVA_BYTE, 8) == TAG_BYTES) {
                byte[] raw = new byte[(int) len - 5];
                MemorySegment.copy(f.segment(), ValueLayout.JAVA_BYTE, 13, raw, 0, raw.length);
                return new Raw(raw);
            }
            byte[] b = new byte[(int) len];
            MemorySegment.copy(f.segment(), ValueLayout.JAVA_BYTE, 8, b, 0, b.length);
            return b;
        }
    }

    // --- take --------------------------------------------------------------------------------------

    /**
     * Removes the oldest item, waiting until {@code deadline}.
     *
     * @return the item's serialized bytes, a {@link Raw} for a {@code byte[]} item, or {@code null} on time-out
     */
    public Object take(long deadline, Waiting.Guard guard) throws IOException, InterruptedException {
        return read(true, deadline, guard);
    }

    /** @return the oldest item (as {@link #take}) without removing it, or {@code null} if empty */
    public Object peek() throws IOException, InterruptedException {
        return read(false, System.nanoTime(), Waiting.Guard.NONE);
    }

    private Object read(boolean remove, long deadline, Waiting.Guard guard) throws IOException, InterruptedException {
        enter();
        try {
            while (true) {
                Object payload = null;
                ShmFile spilled = null;
                lock();
                try {
                    long b = bank();
                    long head = field(b, 0);
                    long count = field(b, 2);
                    if (count > 0) {
                        int len = ring.length(head);
                        byte kind = ring.type(head);
                        if (kind == KIND_SPILLED) {
                            byte[] n = new byte[len];
                            ring.copyOut(head + REC_HEADER, n, 0, n.length);
                            // map the item's own segment before committing: a taker that dies before the
                            // commit leaves the item (and its name) to the next one
                            spilled = ShmFile.attach(new String(n, StandardCharsets.UTF_8));
                            payload = spilled;
                        } else if (len >= 5 && ring.getByte(head + REC_HEADER) == TAG_BYTES) {
                            byte[] raw = new byte[len - 5];
                            ring.copyOut(head + REC_HEADER + 5, raw, 0, raw.length);
                            payload = new Raw(raw);
                        } else {
                            byte[] ser = new byte[len];
                            ring.copyOut(head + REC_HEADER, ser, 0, ser.length);
                            payload = ser;
                        }
                        if (remove) {
                            commit(head + REC_HEADER + len, field(b, 1), count - 1, field(b, 3));
                        }
                    }
                } finally {
                    unlock();
                }
                if (payload != null) {
                    if (remove) {
                        signal(OFF_NF_SIG, OFF_NF_WAITERS);
                    }
                    return spilled == null ? payload : unspill(spilled, remove);
                }
                if (!await(OFF_NE_SIG, OFF_NE_WAITERS, () -> size() > 0, deadline, guard)) {
                    return null;
                }
            }
        } finally {
            leave();
        }
    }

    // --- joinable ----------------------------------------------------------------------------------

    /** Marks one task done; wakes joiners when none is left. */
    public void taskDone() {
        enter();
        try {
            long left;
            lock();
            try {
                long b = bank();
                left = field(b, 3);
                if (left <= 0) {
                    throw new IllegalStateException("taskDone() called more times than there were items put");
                }
                commit(field(b, 0), field(b, 1), field(b, 2), left - 1);
            } finally {
                unlock();
            }
            if (left == 1) {
                signal(OFF_DONE_SIG, OFF_DONE_WAITERS);
            }
        } finally {
            leave();
        }
    }

    /** Waits until every item put has been marked done. @return {@code false} on time-out */
    public boolean join(long deadline, Waiting.Guard guard) throws IOException, InterruptedException {
        enter();
        try {
            return unfinished() == 0
                    || await(OFF_DONE_SIG, OFF_DONE_WAITERS, () -> unfinished() == 0, deadline, guard);
        } finally {
            leave();
        }
    }

    // --- waiting -----------------------------------------------------------------------------------

    private boolean await(long sigOff, long flagOff, BooleanSupplier ready, long deadline, Waiting.Guard guard)
            throws IOException, InterruptedException {
        return Waiting.await(seg, sigOff, flagOff, ready, deadline, guard);
    }

    /**
     * Wakes every sleeper on {@code sigOff} if the flag says someone may sleep there: all of them,
     * since consumers wait for different things (any item, room for an item of their size).
     */
    private void signal(long sigOff, long flagOff) {
        Waiting.signal(seg, sigOff, flagOff, true);
    }

    // --- lifecycle ---------------------------------------------------------------------------------

    private void enter() {
        if (!gate.enter()) {
            throw new IllegalStateException("queue is closed");
        }
    }

    private void leave() {
        gate.leave();
    }

    /** @return whether this handle is closed */
    public boolean isClosed() {
        return gate.isClosed();
    }

    /** Called when this handle is serialized: another process will attach it. */
    public void sending() {
        enter();
        try {
            gate.sending();
        } finally {
            leave();
        }
    }

    /**
     * Closes this handle: later calls on it fail, blocked calls in this process wake and fail, and
     * the segment is unlinked when no live process holds the queue any more. Idempotent.
     */
    @Override
    public void close() {
        // wake this process's sleepers so they see the closed handle (others re-check and sleep on)
        gate.close(() -> {
            Waiting.signalAlways(seg, OFF_NE_SIG);
            Waiting.signalAlways(seg, OFF_NF_SIG);
            Waiting.signalAlways(seg, OFF_DONE_SIG);
        }, 1, this::discardSpills);
    }

    /** Unlinks the segments of big items nobody will read any more. */
    private void discardSpills() {
        try {
            long b = bank();
            long pos = field(b, 0);
            long count = field(b, 2);
            for (long i = 0; i < count; i++) {
                int len = ring.length(pos);
                if (ring.type(pos) == KIND_SPILLED && len > 0 && len < 256) {
                    byte[] n = new byte[len];
                    ring.copyOut(pos + REC_HEADER, n, 0, len);
                    ShmFile.unlink(new String(n, StandardCharsets.UTF_8));
                }
                pos += REC_HEADER + len;
            }
        } catch (RuntimeException e) {
            // best effort: the resource tracker catches what is left
        }
    }
}
