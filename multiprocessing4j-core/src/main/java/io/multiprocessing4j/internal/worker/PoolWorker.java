package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.internal.codeship.ReceivedCode;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.LambdaCall;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.internal.wire.ChunkLayout;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.PoolAssignment;
import io.multiprocessing4j.internal.wire.TaskKind;
import io.multiprocessing4j.internal.wire.WorkerStatusWord;
import io.multiprocessing4j.process.ProcessInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The pool side of a worker JVM: receives functions and chunks of items, runs the items one at a
 * time in the order received, and sends results back in batches.
 *
 * <p>Implementation notes. The main thread reads frames and queues chunks; one task thread runs
 * them, so a long item never stops the worker from hearing {@code INTERRUPT} or the end of its
 * connection. Functions arrive once ({@code DEFINE_FUNCTION}) and are cached by id until the pool
 * says to forget them ({@code FORGET_FUNCTIONS}, which bounds the table); classes they
 * need that the worker's class path lacks arrive before them ({@code DEFINE_CLASSES}, handled at
 * once by the reader), and a function's static values are set again before each of its chunks,
 * since another function's may have been set in between. Before each
 * item the task thread publishes (chunk, item, start time) in the status word the pool reads. A
 * third, short-lived thread maps that word at start-up while the task thread defines the first
 * function; the task thread waits for it before its first chunk (in a young JVM each step takes
 * 10-20 ms, so one waited for the other).
 * Results are batched: the task thread flushes when no chunk is queued, or after 256 chunks, 256
 * KiB or 1 ms of held results (the pool refills a worker's window from its results), so a stream
 * of tiny items costs one write per batch while a lone slow item is reported at once. An error in
 * either thread outside an item (an {@code OutOfMemoryError} while reading a frame, say) ends the
 * worker, since the other thread alone would keep it alive and useless; the pool then resends what
 * it held. {@code FaultInjection} marks the stages the crash tests kill it at.
 */
final class PoolWorker {
    private static final int FLUSH_CHUNKS = 256;
    private static final int FLUSH_BYTES = 256 * 1024;
    /**
     * Results held longer than this are sent even with more chunks queued: the pool refills a
     * worker's window only from its results, so a worker that held the results of a finished
     * chunk while it ran the next one would wait a round trip after every second chunk.
     */
    private static final long FLUSH_NANOS = 1_000_000;
    private static final Object STOP = new Object();
    /*
     * The running item is written twice per item and read only when an INTERRUPT arrives: release
     * stores are plain stores on x86, where a volatile store is a fence that cost a tiny item a
     * good share of its time.
     */
    private static final java.lang.invoke.VarHandle RUNNING_CHUNK;
    private static final java.lang.invoke.VarHandle RUNNING_ITEM;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            RUNNING_CHUNK = lookup.findVarHandle(PoolWorker.class, "runningChunk", long.class);
            RUNNING_ITEM = lookup.findVarHandle(PoolWorker.class, "runningItem", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Item {@code i} is {@code payload[starts[i], starts[i] + lengths[i])}: no array per item; or,
     * for a column ({@link ChunkLayout}), the {@code i}-th value from {@code columnStart} (and
     * {@code starts} and {@code lengths} are null). {@code exactTimes}: the call has a deadline, so
     * every item reads the clock when it starts (see {@link ItemGroups}).
     */
    private record Chunk(long id, long fnId, byte kind, byte layout, boolean exactTimes, byte[] payload, int size,
                         int columnStart, int[] starts, int[] lengths) {
        Object argument(int i) {
            return layout == ChunkLayout.ITEMS ? null
                    : ChunkLayout.get(layout, payload, columnStart + i * ChunkLayout.width(layout));
        }
    }

    private final FrameChannel channel;
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();
    private final Map<Long, Object> functions = new HashMap<>();
    /** The shipment each function came with (see {@code CodeShip}), for those that came with one. */
    private final Map<Long, Long> functionShipments = new HashMap<>();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    /** Set by the attacher thread (or {@link #rehearse}); the task thread reads it through {@link #statusWord}. */
    private WorkerStatusWord status;
    /** Maps the status word; started before the task thread. */
    private Thread attacher;
    /** Task thread only: whether it has waited for the attacher. */
    private boolean statusJoined;
    /** The item running now, as the status word has it; written with release semantics (see RUNNING_*). */
    @SuppressWarnings("unused")
    private long runningChunk = -1;
    @SuppressWarnings("unused")
    private int runningItem = -1;
    /** Results of the chunk running now while they are all one kind of number. */
    private final ResultColumn column = new ResultColumn();
    private final ItemGroups groups = new ItemGroups();
    private volatile Thread taskThread;

    private PoolWorker(FrameChannel channel) {
        this.channel = channel;
    }

    static void run(FrameChannel channel, byte[] assignmentBytes) {
        try {
            new PoolWorker(channel).serve(assignmentBytes);
        } catch (Throwable t) {
            died(t);
        }
    }

    /**
     * Runs two small chunks, a column of ints and serialized items, through the item loop of a
     * worker that has no pool: a spare calls it while it waits, so that a pool's first chunk does
     * not pay for linking the loop's var handles, method handles and result writers (a few
     * milliseconds in a JVM this young, on the way to a new pool's first result).
     */
    static void rehearse() {
        PoolWorker w = new PoolWorker(null);
        w.status = new WorkerStatusWord(java.lang.foreign.Arena.ofAuto().allocate(WorkerStatusWord.SIZE, 64));
        SerializableFunction<Object, Object> same = x -> x;
        byte[] direct = io.multiprocessing4j.internal.serial.LambdaCall.encode(same);
        byte[] fn = DefaultSerializer.INSTANCE.serialize(same);
        ByteBuffer def = ByteBuffer.allocate(12 + (direct == null ? 0 : direct.length) + fn.length).putLong(1);
        if (direct == null) {
            def.putInt(-1);
        } else {
            def.putInt(direct.length).put(direct);
        }
        w.define(def.put(fn).array());
        byte[] ints = new byte[3 * ChunkLayout.width(ChunkLayout.INT_COLUMN)];
        for (int i = 0; i < 3; i++) {
            ChunkLayout.put(ChunkLayout.INT_COLUMN, ints, i * ChunkLayout.width(ChunkLayout.INT_COLUMN), i);
        }
        ResultBatch batch = new ResultBatch();
        w.runChunk(new Chunk(1, 1, TaskKind.FUNCTION, ChunkLayout.INT_COLUMN, false, ints, 3, 0, null, null), batch);
        byte[] item = DefaultSerializer.INSTANCE.serialize("x");
        w.runChunk(new Chunk(2, 1, TaskKind.FUNCTION, ChunkLayout.ITEMS, false, item, 1, -1, new int[] {0},
                new int[] {item.length}), batch);
        batch.take(2);
    }

    /** Exit status of a worker whose own code (not an item's) failed: EX_SOFTWARE. */
    private static final int RUNTIME_FAILURE = 70;

    /**
     * The reader or the task thread failed outside any item (an {@code OutOfMemoryError} or
     * {@code StackOverflowError} while reading tasks or sending results). Left alone, the other thread
     * would keep the JVM alive but deaf or idle, and the pool would wait for it forever; exiting makes
     * the pool blame or resend what this worker held and start another. One line on stderr, so the
     * crash report's stderr tail names the error.
     */
    private static void died(Throwable t) {
        try {
            System.err.println("multiprocessing4j pool worker: " + Thread.currentThread().getName()
                    + " failed outside any task: " + t);
        } catch (Throwable ignored) {
            // exit anyway
        }
        WorkerMain.exitNow(RUNTIME_FAILURE);
    }

    /**
     * A spare maps the status word its parent made for it before it reports ready: should it become
     * a pool worker, that pool names this word and the worker has it already. A failure here is
     * silent: the worker then maps the word when it is assigned, as a worker started cold does.
     */
    static void mapStatusWordEarly(String name) {
        try {
            earlyStatus = new EarlyStatus(name, new WorkerStatusWord(ShmFile.attach(name).segment()));
        } catch (IOException | RuntimeException e) {
            earlyStatus = null;
        }
    }

    /** The status word a spare mapped early (main thread only, before the assignment). */
    private record EarlyStatus(String name, WorkerStatusWord word) {
    }

    private static EarlyStatus earlyStatus;

    private void serve(byte[] assignmentBytes) {
        PoolAssignment a = PoolAssignment.decode(assignmentBytes);
        ProcessIdentity.become(a.name(), true, new ProcessInfo(a.parentName(), a.parentPid(), false), a.authkey());
        io.multiprocessing4j.internal.WorkerSlot.becomeProcess(a.workerId());
        Thread.currentThread().setName(a.name() + "-reader");
        EarlyStatus early = earlyStatus;
        earlyStatus = null;
        if (early != null && early.name().equals(a.statusName())) {
            status = early.word();
        } else {
            // mapped beside the task thread's first definition: in a young JVM each takes 10-20 ms
            attacher = WorkerMain.POOL_THREADS.run(a.name() + "-attach", new AttachStatus(this, a.statusName()));
        }
        FaultInjection.at("startup");
        if (a.initializer() != null && !initialize(a)) {
            WorkerMain.exitNow(1);
            return;
        }
        taskThread = WorkerMain.POOL_THREADS.run(a.name(), new TaskLoop(this));
        try {
            while (true) {
                Frame f = channel.receive();
                switch (f.type()) {
                    case FrameType.DEFINE_FUNCTION, FrameType.FORGET_FUNCTIONS -> inbox.add(f);
                    case FrameType.DEFINE_CLASSES -> ReceivedCode.define(f.payload(), loader);
                    case FrameType.TASKS -> {
                        FaultInjection.at("read");
                        decodeTasks(f.payload());
                    }
                    case FrameType.INTERRUPT -> {
                        ByteBuffer b = ByteBuffer.wrap(f.payload());
                        long chunk = b.getLong();
                        int item = b.getInt();
                        if ((long) RUNNING_CHUNK.getAcquire(this) == chunk && (int) RUNNING_ITEM.getAcquire(this) == item) {
                            taskThread.interrupt();
                        }
                    }
                    case FrameType.SHUTDOWN -> {
                        inbox.add(STOP);
                        taskThread.join();
                        sendExitResult();
                        WorkerMain.exitNow(0);
                    }
                    default -> throw new IOException("unexpected frame type " + f.type());
                }
            }
        } catch (IOException e) {
            WorkerMain.exitNow(0); // the pool closed the connection or died
        } catch (InterruptedException e) {
            WorkerMain.exitNow(1);
        }
    }

    @SuppressWarnings("unchecked")
    private boolean initialize(PoolAssignment a) {
        try {
            Object init = ReceivedCode.deserialize(a.initializer(), loader);
            if (a.initArgument() != null) {
                Object arg = ReceivedCode.deserialize(a.initArgument(), loader);
                ((SerializableConsumer<Object>) init).accept(arg);
            } else {
                ((SerializableRunnable) init).run();
            }
            return true;
        } catch (Throwable t) {
            try {
                channel.send(new Frame(FrameType.INIT_FAILED, RemoteErrors.encode(t)));
            } catch (IOException ignored) {
                // the pool is gone
            }
            return false;
        }
    }

    private void decodeTasks(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int chunks = b.getInt();
        for (int c = 0; c < chunks; c++) {
            long id = b.getLong();
            long fn = b.getLong();
            byte kind = b.get();
            byte layout = b.get();
            boolean exactTimes = (b.get() & ChunkLayout.FLAG_EXACT_TIMES) != 0;
            int n = b.getInt();
            if (!ChunkLayout.isKnown(layout) || n < 0) {
                throw new IllegalStateException("corrupt TASKS frame: chunk " + id + " has layout " + layout
                        + " and " + n + " items");
            }
            if (layout != ChunkLayout.ITEMS) {
                long bytes = (long) n * ChunkLayout.width(layout);
                if (bytes > b.remaining()) {
                    throw new IllegalStateException("corrupt TASKS frame: chunk " + id + " has " + n
                            + " values with " + b.remaining() + " bytes left");
                }
                inbox.add(new Chunk(id, fn, kind, layout, exactTimes, payload, n, b.position(), null, null));
                b.position(b.position() + (int) bytes);
                continue;
            }
            int[] starts = new int[n];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                lengths[i] = b.getInt();
                if (lengths[i] < 0 || lengths[i] > b.remaining()) {
                    throw new IllegalStateException("corrupt TASKS frame: item " + i + " of chunk " + id
                            + " has length " + lengths[i] + " with " + b.remaining() + " bytes left");
                }
                starts[i] = b.position();
                b.position(starts[i] + lengths[i]);
            }
            inbox.add(new Chunk(id, fn, kind, layout, exactTimes, payload, n, -1, starts, lengths));
        }
    }

    private void runTasks() {
        ResultBatch batch = new ResultBatch();
        int count = 0;
        long heldSince = 0;
        try {
            while (true) {
                Object next = inbox.poll();
                if (next == null) {
                    if (count > 0) {
                        flush(batch, count);
                        count = 0;
                        FaultInjection.at("between");
                    }
                    next = inbox.take();
                }
                if (next == STOP) {
                    if (count > 0) {
                        flush(batch, count);
                    }
                    return;
                }
                if (next instanceof Frame def) {
                    if (def.type() == FrameType.FORGET_FUNCTIONS) {
                        forget(def.payload());
                    } else {
                        define(def.payload());
                    }
                    continue;
                }
                int mark = batch.size();
                if (count == 0) {
                    heldSince = System.nanoTime();
                }
                runChunk((Chunk) next, batch);
                if (count > 0 && RESULTS_OVERHEAD + batch.size() > FrameChannel.MAX_FRAME_BYTES) {
                    // this chunk's results fit a frame, but not beside the ones before: send those first
                    channel.send(new Frame(FrameType.RESULTS, batch.takeBefore(mark, count)));
                    count = 0;
                }
                count++;
                if (count >= FLUSH_CHUNKS || batch.size() >= FLUSH_BYTES
                        || System.nanoTime() - heldSince >= FLUSH_NANOS) {
                    flush(batch, count);
                    count = 0;
                }
            }
        } catch (InterruptedException | IOException e) {
            WorkerMain.exitNow(0);
        } catch (Throwable t) {
            died(t);
        }
    }

    private void runChunk(Chunk c, ResultBatch batch) {
        WorkerStatusWord statusWord = statusWord();
        int n = c.size();
        int mark = batch.size();
        Object fn = functions.get(c.fnId());
        Long shipment = functionShipments.get(c.fnId());
        if (shipment != null) {
            try {
                ReceivedCode.activate(shipment); // its statics, in case another function's were set since
            } catch (RuntimeException e) {
                fn = e;
            }
        }
        // results stay in the column while every one is the same kind of number; the first that is
        // not (or fails) writes the chunk's header and the items so far in the item layout
        boolean columnar = column.start(n);
        if (!columnar) {
            putChunkHeader(batch, c.id(), ChunkLayout.ITEMS, n);
        }
        // one clock read per item (an item ends when the next starts), or per group of tiny items
        long start = System.nanoTime();
        groups.startChunk(c.exactTimes());
        for (int i = 0; i < n; i++) {
            RUNNING_ITEM.setRelease(this, i);
            RUNNING_CHUNK.setRelease(this, c.id());
            statusWord.running(c.id(), i, start); // a grouped item's start is its group's
            Object value = null;
            Throwable error = null;
            try {
                value = execute(fn, c, i);
            } catch (Throwable e) {
                error = e;
            } finally {
                RUNNING_CHUNK.setRelease(this, -1L);
                RUNNING_ITEM.setRelease(this, -1);
                Thread.interrupted(); // an interrupt meant for this item must not hit the next one
            }
            if (columnar) {
                if (error == null && column.add(0, value)) {
                    if (groups.endsAt(i) || i == n - 1) {
                        long end = System.nanoTime();
                        column.spreadNanos(groups.first(), end - start);
                        groups.ended(i, end - start);
                        start = end;
                    }
                    continue;
                }
                // the group so far, this item included, shares the time since it began
                long end = System.nanoTime();
                int items = i - groups.first() + 1;
                long mine = (end - start) / items;
                column.spreadNanos(groups.first(), end - start - mine);
                putChunkHeader(batch, c.id(), ChunkLayout.ITEMS, n);
                column.spillTo(batch);
                columnar = false;
                start = putItem(batch, mark, i, end - mine, end, value, error);
                continue;
            }
            start = putItem(batch, mark, i, start, System.nanoTime(), value, error);
        }
        if (columnar) {
            putChunkHeader(batch, c.id(), column.layout(), n);
            column.writeTo(batch);
        }
        statusWord.idle();
    }

    private static void putChunkHeader(ResultBatch batch, long chunkId, byte layout, int items) {
        batch.putLong(chunkId);
        batch.putByte(layout);
        batch.putInt(items);
    }

    /**
     * Appends item {@code i}'s result in the item layout: {@code value} serialized, or {@code error}
     * (or the serialization's own failure) encoded.
     *
     * @param end when the item returned; a result that must be serialized is timed to the end of that
     * @return when this item's writing ended: the next item's start
     */
    private long putItem(ResultBatch batch, int mark, int i, long start, long end, Object value, Throwable error) {
        byte ok;
        byte[] out;
        if (error == null) {
            if (RESULTS_OVERHEAD + (batch.size() - mark) + ITEM_OVERHEAD + DefaultSerializer.MAX_SCALAR_BYTES
                    <= FrameChannel.MAX_FRAME_BYTES && batch.putScalarItem(end - start, value)) {
                return end; // a number, boolean or null, written in place
            }
            try {
                out = DefaultSerializer.INSTANCE.serialize(value);
                ok = 1;
            } catch (Throwable e) {
                out = RemoteErrors.encode(e);
                ok = 0;
            }
        } else {
            out = RemoteErrors.encode(error);
            ok = 0;
        }
        end = System.nanoTime();
        long frame = RESULTS_OVERHEAD + (batch.size() - mark) + ITEM_OVERHEAD + out.length;
        if (frame > FrameChannel.MAX_FRAME_BYTES) {
            // refused here, as this item's error: the caller's call fails, the worker goes on
            boolean alone = RESULTS_OVERHEAD + 12 + ITEM_OVERHEAD + out.length > FrameChannel.MAX_FRAME_BYTES;
            var tooLarge = new io.multiprocessing4j.connection.FrameTooLargeException(
                    alone ? "the result of item " + i + " of this chunk (serialized)"
                          : "the results of this chunk up to item " + i + " (serialized; each fits alone:"
                            + " pass a smaller chunksize)",
                    alone ? out.length : frame, FrameChannel.MAX_FRAME_BYTES);
            // its stack is this worker's own loop, of no use to the caller, and encoded it took some
            // 3 KB beside results that already fill the frame: enough to push the frame over
            tooLarge.setStackTrace(new StackTraceElement[0]);
            out = RemoteErrors.encode(tooLarge);
            ok = 0;
        }
        batch.putByte(ok);
        batch.putLong(end - start);
        batch.putInt(out.length);
        batch.put(out);
        return end;
    }

    /** A RESULTS frame's type byte, chunk count, and one chunk's id, layout and item count. */
    private static final int RESULTS_OVERHEAD = 1 + 4 + 8 + 1 + 4;
    /** Per item: ok byte, nanos, length. */
    private static final int ITEM_OVERHEAD = 1 + 8 + 4;

    /** Drops functions the pool will define again before it uses them (it bounds this table). */
    private void forget(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            long id = b.getLong();
            functions.remove(id);
            functionShipments.remove(id);
        }
    }

    private void define(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        long id = b.getLong();
        int directLength = b.getInt();
        byte[] direct = null;
        if (directLength >= 0) {
            direct = new byte[directLength];
            b.get(direct);
        }
        byte[] fn = new byte[b.remaining()];
        b.get(fn);
        try {
            long shipment = CodeShip.shipmentOf(fn);
            if (shipment != 0) {
                functionShipments.put(id, shipment);
            }
            // a lambda's method, called by reflection at once; the lambda itself is deserialized
            // only if the function runs often enough for the difference to matter
            Object call = direct == null ? null
                    : LambdaCall.decode(direct, loader, new DeserializeLater(fn, loader));
            functions.put(id, call != null ? call : ReceivedCode.deserialize(fn, loader));
        } catch (RuntimeException e) {
            functions.put(id, e); // every item of this function fails with this error
        }
    }

    @SuppressWarnings("unchecked")
    private Object execute(Object fn, Chunk c, int i) throws Exception {
        if (fn instanceof RuntimeException e) {
            throw e;
        }
        Object arg = c.layout() != ChunkLayout.ITEMS ? c.argument(i)
                : ReceivedCode.deserialize(c.payload(), c.starts()[i], c.lengths()[i], loader);
        FaultInjection.at("run");
        byte kind = c.kind();
        if (kind == TaskKind.CALLABLE) {
            return ((SerializableCallable<Object>) arg).call();
        }
        if (kind == TaskKind.RUNNABLE) {
            if (arg instanceof Runnable r) {
                r.run();
            } else {
                ((SerializableRunnable) arg).run();
            }
            return null;
        }
        if (fn == null) {
            throw new IllegalStateException("function " + c.fnId() + " was never defined in this worker");
        }
        if (kind == TaskKind.BI_FUNCTION) {
            List<?> pair = (List<?>) arg;
            return ((SerializableBiFunction<Object, Object, Object>) fn).apply(pair.get(0), pair.get(1));
        }
        return ((SerializableFunction<Object, Object>) fn).apply(arg);
    }

    /** Runs the pool's {@code workerExit} hook, if any, and sends its outcome before this worker exits. */
    private void sendExitResult() throws IOException {
        io.multiprocessing4j.internal.WorkerSlot slot = io.multiprocessing4j.internal.WorkerSlot.current();
        Object[] exit = slot == null ? null : slot.runExitHook();
        if (exit == null) {
            return;
        }
        byte[] body;
        byte ok;
        if ((Boolean) exit[0]) {
            try {
                body = DefaultSerializer.INSTANCE.serialize(exit[1]);
                ok = 1;
            } catch (RuntimeException e) {
                body = RemoteErrors.encode(e);
                ok = 0;
            }
        } else {
            body = RemoteErrors.encode((Throwable) exit[1]);
            ok = 0;
        }
        byte[] payload = new byte[body.length + 1];
        payload[0] = ok;
        System.arraycopy(body, 0, payload, 1, body.length);
        channel.send(new Frame(FrameType.EXIT_RESULT, payload));
    }

    private void flush(ResultBatch batch, int count) throws IOException {
        FaultInjection.at("send");
        channel.send(new Frame(FrameType.RESULTS, batch.take(count)));
    }

    /**
     * The status word, once the attacher has mapped it: the task thread waits for it before its first
     * chunk (functions it defines before that need none). Task thread only.
     */
    private WorkerStatusWord statusWord() {
        if (!statusJoined) {
            Thread t = attacher;
            if (t != null) {
                boolean interrupted = false;
                while (true) {
                    try {
                        t.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // an INTERRUPT meant for an item: keep it for the item
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            statusJoined = true;
        }
        return status;
    }

    /** The attacher thread's body: maps the status word the pool created; the worker exits if it cannot. */
    private static final class AttachStatus implements Runnable {
        private final PoolWorker worker;
        private final String name;

        AttachStatus(PoolWorker worker, String name) {
            this.worker = worker;
            this.name = name;
        }

        @Override
        public void run() {
            try {
                FaultInjection.at("attach");
                worker.status = new WorkerStatusWord(ShmFile.attach(name).segment());
            } catch (Throwable e) {
                // an error too (OutOfMemoryError): the task thread would wait for this word for ever
                System.err.println("multiprocessing4j pool worker: cannot attach its status word: " + e);
                WorkerMain.exitNow(3);
            }
        }
    }

    // Classes, not lambdas, on a pool worker's start: a lambda is spun when it is first linked,
    // about a millisecond each in a JVM this young, on the path to the first result.

    /** The task thread's body. */
    private static final class TaskLoop implements Runnable {
        private final PoolWorker worker;

        TaskLoop(PoolWorker worker) {
            this.worker = worker;
        }

        @Override
        public void run() {
            worker.runTasks();
        }
    }

    /** A function's serialized form, deserialized only if it runs often enough to matter. */
    private static final class DeserializeLater implements java.util.function.Supplier<Object> {
        private final byte[] function;
        private final ClassLoader loader;

        DeserializeLater(byte[] function, ClassLoader loader) {
            this.function = function;
            this.loader = loader;
        }

        @Override
        public Object get() {
            return ReceivedCode.deserialize(function, loader);
        }
    }
}
