package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.codeship.ShipLedger;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.internal.spawn.LaunchSpec;
import io.multiprocessing4j.internal.spawn.PendingWorker;
import io.multiprocessing4j.internal.spawn.SpawnRuntime;
import io.multiprocessing4j.internal.spawn.WorkerConnection;
import io.multiprocessing4j.internal.wire.ChunkLayout;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.PoolAssignment;
import io.multiprocessing4j.internal.wire.WorkerStatusWord;
import io.multiprocessing4j.process.WorkerCrashedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Pool workers that are worker JVMs.
 *
 * <p>Implementation notes. A worker is acquired from the spawn runtime (a warm spare when the pool
 * uses default JVM options), told it is a pool worker, and given the name of its status word. Its
 * reader thread decodes result batches (deserializing values there, off the manager thread) and,
 * at end of stream, waits for the process to exit before reporting the exit: so every result the
 * worker sent is posted before its death is.
 */
final class SpawnPoolBackend implements WorkerBackend {
    private final LaunchSpec spec;
    private final byte[] initializer;
    private final byte[] initArgument;
    private final LongAdder serializationNanos;
    private final ClassLoader loader;
    private final Consumer<io.multiprocessing4j.pool.Outcome<Object>> exitResults;

    SpawnPoolBackend(List<String> jvmOptions, byte[] initializer, byte[] initArgument, LongAdder serializationNanos,
                     Consumer<io.multiprocessing4j.pool.Outcome<Object>> exitResults) {
        this.exitResults = exitResults;
        this.spec = new LaunchSpec(jvmOptions, Map.of());
        this.initializer = initializer;
        this.initArgument = initArgument;
        this.serializationNanos = serializationNanos;
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        this.loader = ctx != null ? ctx : SpawnPoolBackend.class.getClassLoader();
    }

    @Override
    public boolean serializes() {
        return true;
    }

    @Override
    public String namePrefix() {
        return "SpawnPoolWorker";
    }

    @Override
    public void start(String name, int workerId, Consumer<PoolEvent> events) {
        Thread.ofVirtual().name("mp4j-pool-start-" + name).start(() -> {
            ShmFile status = null;
            WorkerConnection w = null;
            PendingWorker pending = null;
            try {
                pending = SpawnRuntime.get().acquireAsync(spec, name, true, SpawnRuntime.POOL_WORKER);
                WorkerConnection spare = pending.connected().getNow(null);
                status = spare == null ? null : spare.takeStatusWord(); // made and mapped before this pool asked
                if (status == null) {
                    status = ShmFile.create(ShmFile.newName(), WorkerStatusWord.SIZE); // while a new JVM boots
                }
                w = pending.await();
                var me = ProcessIdentity.current();
                byte[] assignment = new PoolAssignment(name, me.name(), me.pid(), initializer, initArgument, status.name(),
                        workerId, ProcessIdentity.authkey()).encode();
                ShipLedger ledger = new ShipLedger();
                List<Frame> first = new ArrayList<>(3);
                ledger.collect(initializer, first);
                ledger.collect(initArgument, first);
                first.add(new Frame(FrameType.BECOME_POOL_WORKER, assignment));
                w.sendAll(first);
                Handle h = new Handle(name, w, status, events, ledger);
                w.startReader(h.reader(), name + "-reader");
                events.accept(new PoolEvent.WorkerReady(h));
            } catch (IOException | RuntimeException e) {
                if (w != null) {
                    w.kill();
                } else if (pending != null) {
                    pending.process().destroyForcibly();
                }
                if (status != null) {
                    status.close();
                    ShmFile.unlink(status.name());
                }
                RuntimeException re = e instanceof RuntimeException r ? r
                        : new IllegalStateException("cannot start pool worker " + name + ": " + e, e);
                events.accept(new PoolEvent.WorkerStartFailed(name, re));
            }
        });
    }

    private io.multiprocessing4j.pool.Outcome<Object> decodeExitResult(byte[] payload) {
        byte[] body = java.util.Arrays.copyOfRange(payload, 1, payload.length);
        if (payload[0] == 1) {
            try {
                return io.multiprocessing4j.pool.Outcome.success(DefaultSerializer.INSTANCE.deserialize(body, loader));
            } catch (RuntimeException e) {
                return io.multiprocessing4j.pool.Outcome.failure(e);
            }
        }
        return io.multiprocessing4j.pool.Outcome.failure(RemoteErrors.decodeTaskError(body, loader));
    }

    /** A chunk's header in a {@code TASKS} frame: id, function id, kind, layout, item count. */
    private static final int CHUNK_HEADER_BYTES = 8 + 8 + 1 + 1 + 1 + 4;

    private final class Handle implements WorkerHandle {
        private final String name;
        private final WorkerConnection conn;
        private final ShmFile statusFile;
        private final WorkerStatusWord status;
        private final Consumer<PoolEvent> events;
        private final AtomicBoolean released = new AtomicBoolean();
        /** The classes this worker has been shipped. */
        private final ShipLedger ledger;

        Handle(String name, WorkerConnection conn, ShmFile statusFile, Consumer<PoolEvent> events, ShipLedger ledger) {
            this.ledger = ledger;
            this.name = name;
            this.conn = conn;
            this.statusFile = statusFile;
            this.status = new WorkerStatusWord(statusFile.segment());
            this.events = events;
        }

        WorkerConnection.FrameHandler reader() {
            return new WorkerConnection.FrameHandler() {
                @Override
                public void onFrame(WorkerConnection worker, Frame frame) {
                    switch (frame.type()) {
                        case FrameType.RESULTS -> events.accept(new PoolEvent.Results(Handle.this, decode(frame.payload())));
                        case FrameType.INIT_FAILED -> events.accept(new PoolEvent.InitializerFailed(Handle.this,
                                RemoteErrors.decode(frame.payload(), loader)));
                        case FrameType.EXIT_RESULT -> exitResults.accept(decodeExitResult(frame.payload()));
                        default -> {
                            // unknown frames from a newer worker are ignored
                        }
                    }
                }

                @Override
                public void onDisconnect(WorkerConnection worker, IOException cause) {
                    try {
                        if (!worker.process().waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                            worker.kill();
                            worker.process().waitFor();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // the worker left its exit sweep to us (ResourceTracker.leaveExitSweepTo); a
                    // killed one could not clean up at all
                    io.multiprocessing4j.internal.ipc.ResourceTracker.sweepInBackground();
                    events.accept(new PoolEvent.WorkerExited(Handle.this, worker.exitCode()));
                }
            };
        }

        private List<ChunkResult> decode(byte[] payload) {
            long t0 = System.nanoTime();
            ByteBuffer b = ByteBuffer.wrap(payload);
            int chunks = b.getInt();
            List<ChunkResult> out = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                long chunkId = b.getLong();
                byte layout = b.get();
                int n = b.getInt();
                if (!ChunkLayout.isKnown(layout) || n < 0) {
                    throw new IllegalStateException("corrupt RESULTS frame from " + name + ": chunk " + chunkId
                            + " has layout " + layout + " and " + n + " items");
                }
                if (layout != ChunkLayout.ITEMS) {
                    out.add(decodeColumn(payload, b, chunkId, layout, n));
                    continue;
                }
                Object[] values = new Object[n];
                Throwable[] errors = null;
                long[] nanos = new long[n];
                for (int i = 0; i < n; i++) {
                    byte ok = b.get();
                    nanos[i] = b.getLong();
                    int length = b.getInt();
                    if (length < 0 || length > b.remaining()) {
                        throw new IllegalStateException("corrupt RESULTS frame from " + name + ": item " + i
                                + " has length " + length + " with " + b.remaining() + " bytes left");
                    }
                    int at = b.position();
                    b.position(at + length);
                    if (ok == 1) {
                        try {
                            values[i] = DefaultSerializer.INSTANCE.deserialize(payload, at, length, loader);
                        } catch (RuntimeException e) {
                            errors = errors == null ? new Throwable[n] : errors;
                            errors[i] = e;
                        }
                    } else {
                        errors = errors == null ? new Throwable[n] : errors;
                        errors[i] = RemoteErrors.decodeTaskError(java.util.Arrays.copyOfRange(payload, at, at + length), loader);
                    }
                }
                out.add(new ChunkResult(chunkId, values, errors, nanos));
            }
            serializationNanos.add(System.nanoTime() - t0);
            return out;
        }

        /** A chunk whose results came as a column: every item succeeded. */
        private ChunkResult decodeColumn(byte[] payload, ByteBuffer b, long chunkId, byte layout, int n) {
            int width = ChunkLayout.width(layout);
            long[] nanos = new long[n];
            int runs = b.getInt();
            if (runs < 0 || runs > n || 12L * runs + (long) n * width > b.remaining()) {
                throw new IllegalStateException("corrupt RESULTS frame from " + name + ": chunk " + chunkId
                        + " has " + n + " items in " + runs + " runs with " + b.remaining() + " bytes left");
            }
            int filled = 0;
            for (int r = 0; r < runs; r++) {
                int length = b.getInt();
                long value = b.getLong();
                if (length <= 0 || length > n - filled) {
                    throw new IllegalStateException("corrupt RESULTS frame from " + name + ": chunk " + chunkId
                            + " has a run of " + length + " items with " + (n - filled) + " left");
                }
                java.util.Arrays.fill(nanos, filled, filled + length, value);
                filled += length;
            }
            if (filled != n) {
                throw new IllegalStateException("corrupt RESULTS frame from " + name + ": chunk " + chunkId
                        + " times " + filled + " of its " + n + " items");
            }
            Object[] values = new Object[n];
            int at = b.position();
            for (int i = 0; i < n; i++, at += width) {
                values[i] = ChunkLayout.get(layout, payload, at);
            }
            b.position(at);
            return new ChunkResult(chunkId, values, null, nanos);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long pid() {
            return conn.pid();
        }

        @Override
        public long startupNanos() {
            return conn.startupNanos();
        }

        @Override
        public void forget(List<Long> functionIds) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(4 + 8 * functionIds.size()).putInt(functionIds.size());
            functionIds.forEach(b::putLong);
            conn.send(new Frame(FrameType.FORGET_FUNCTIONS, b.array()));
        }

        @Override
        public void send(List<FunctionRef> definitions, List<Chunk> chunks) throws IOException {
            List<Frame> frames = new ArrayList<>(definitions.size() + 1);
            for (FunctionRef f : definitions) {
                ledger.collect(f.bytes(), frames);
                byte[] direct = f.direct();
                ByteBuffer def = ByteBuffer.allocate(8 + 4 + (direct == null ? 0 : direct.length) + f.bytes().length)
                        .putLong(f.id());
                if (direct == null) {
                    def.putInt(-1);
                } else {
                    def.putInt(direct.length).put(direct);
                    SpawnRuntime.get().rememberTarget(direct); // the spares get its method ready for the next pool
                }
                frames.add(new Frame(FrameType.DEFINE_FUNCTION, def.put(f.bytes()).array()));
            }
            long size = 4;
            for (Chunk c : chunks) {
                size += CHUNK_HEADER_BYTES + c.encoded.wireBytes(c.size());
                c.encoded.forEachShipment(id -> ledger.collect(id, frames));
            }
            if (size > io.multiprocessing4j.internal.wire.FrameChannel.MAX_FRAME_BYTES - 16) {
                // too much for one frame: one frame per chunk (each item was size-checked at submit)
                for (Chunk c : chunks) {
                    frames.add(tasksFrame(List.of(c)));
                }
            } else {
                frames.add(tasksFrame(chunks));
            }
            conn.sendAll(frames);
        }

        private Frame tasksFrame(List<Chunk> chunks) {
            long size = 4;
            for (Chunk c : chunks) {
                size += CHUNK_HEADER_BYTES + c.encoded.wireBytes(c.size());
            }
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size));
            b.putInt(chunks.size());
            for (Chunk c : chunks) {
                b.putLong(c.id);
                b.putLong(c.job.function == null ? 0 : c.job.function.id());
                b.put(c.job.kind);
                b.put(c.encoded.layout());
                b.put(c.exactTimes ? ChunkLayout.FLAG_EXACT_TIMES : 0);
                b.putInt(c.size());
                c.encoded.writeTo(b);
            }
            return new Frame(FrameType.TASKS, b.array());
        }

        @Override
        public Status status() {
            if (!statusFile.isOpen()) {
                return Status.IDLE;
            }
            WorkerStatusWord.Reading r = status.read();
            return r.chunkId() < 0 ? Status.IDLE : new Status(r.chunkId(), r.item(), r.startNanos());
        }

        @Override
        public void interrupt(long chunkId, int item) {
            try {
                conn.send(new Frame(FrameType.INTERRUPT, ByteBuffer.allocate(12).putLong(chunkId).putInt(item).array()));
            } catch (IOException e) {
                // gone already
            }
        }

        @Override
        public void shutdown() {
            try {
                conn.send(Frame.of(FrameType.SHUTDOWN));
            } catch (IOException e) {
                conn.kill();
            }
        }

        @Override
        public void kill() {
            conn.kill();
        }

        @Override
        public long residentBytes() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(conn.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        String[] parts = line.trim().split("\\s+");
                        return Long.parseLong(parts[1]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or the process is gone
            }
            return -1;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                conn.closeChannel();
                statusFile.close();
                ShmFile.unlink(statusFile.name());
            }
        }

        @Override
        public WorkerCrashedException crashReport(int exitCode, String task) {
            return new WorkerCrashedException(conn.pid(), exitCode, task + " in " + name, conn.hsErrFile(),
                    conn.stderrTail(), conn.oomHint());
        }
    }
}
