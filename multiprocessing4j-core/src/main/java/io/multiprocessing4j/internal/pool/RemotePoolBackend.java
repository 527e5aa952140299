package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.process.WorkerCrashedException;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Pool workers that are slots of a {@link RemoteChunkRunner}: the cluster context's pools.
 *
 * <p>Implementation notes. A slot keeps at most {@link #MAX_IN_FLIGHT} chunks submitted to the
 * runner and queues the rest here, because remote engines stall with many small jobs in flight
 * (Ignite did, above ~64 per node). Deadlines are enforced on the remote side, which reports an
 * overdue item as a {@code TaskTimeoutException}; so the status the engine reads is always idle,
 * and a failed slot (machinery, not a task) re-sends everything it held, as a dead worker does.
 * Results are posted from the runner's completion threads, one chunk per event.
 */
final class RemotePoolBackend implements WorkerBackend {
    static final int MAX_IN_FLIGHT = Integer.getInteger("mp4j.remote.maxChunksInFlight", 16);
    private static final AtomicLong POOL_IDS = new AtomicLong(1);

    private final RemoteChunkRunner runner;
    private final RemoteChunkRunner.PoolSettings settings;
    private final ClassLoader loader;

    RemotePoolBackend(RemoteChunkRunner runner, byte[] initializer, byte[] initArgument, java.time.Duration taskTimeout,
                      java.time.Duration grace) {
        this.runner = runner;
        var me = io.multiprocessing4j.internal.ProcessIdentity.current();
        this.settings = new RemoteChunkRunner.PoolSettings(POOL_IDS.getAndIncrement() ^ (ProcessHandle.current().pid() << 32),
                me.name(), me.pid(), initializer, initArgument, taskTimeout, grace);
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        this.loader = ctx != null ? ctx : RemotePoolBackend.class.getClassLoader();
    }

    @Override
    public boolean serializes() {
        return true;
    }

    @Override
    public String namePrefix() {
        return runner.poolWorkerPrefix();
    }

    @Override
    public void start(String name, int workerId, Consumer<PoolEvent> events) {
        // a platform thread: opening a slot blocks in the remote engine's client, and virtual-thread
        // carriers may all be held by blocking pipe reads of spawn workers' output pumps
        Thread.ofPlatform().daemon().name("mp4j-pool-start-" + name).start(() -> {
            long t0 = System.nanoTime();
            try {
                RemoteChunkRunner.Slot slot = runner.openSlot(name, settings);
                events.accept(new PoolEvent.WorkerReady(new Handle(name, slot, events, System.nanoTime() - t0)));
            } catch (RuntimeException e) {
                events.accept(new PoolEvent.WorkerStartFailed(name, e));
            }
        });
    }

    private final class Handle implements WorkerHandle {
        private final String name;
        private final RemoteChunkRunner.Slot slot;
        private final Consumer<PoolEvent> events;
        private final long startupNanos;
        private final AtomicBoolean exited = new AtomicBoolean();
        /** Guarded by this: chunks waiting for a place in the window, and how many are in flight. */
        private final ArrayDeque<Chunk> waiting = new ArrayDeque<>();
        private int inFlight;
        private boolean shuttingDown;
        private volatile String lastFailure = "";

        Handle(String name, RemoteChunkRunner.Slot slot, Consumer<PoolEvent> events, long startupNanos) {
            this.name = name;
            this.slot = slot;
            this.events = events;
            this.startupNanos = startupNanos;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long pid() {
            return slot.pid();
        }

        @Override
        public long startupNanos() {
            return startupNanos;
        }

        @Override
        public void send(List<FunctionRef> definitions, List<Chunk> chunks) {
            synchronized (this) {
                waiting.addAll(chunks);
            }
            pump();
        }

        private void pump() {
            while (true) {
                Chunk c;
                synchronized (this) {
                    if (exited.get() || inFlight >= MAX_IN_FLIGHT || waiting.isEmpty()) {
                        return;
                    }
                    c = waiting.poll();
                    inFlight++;
                }
                byte[] items = c.encoded.toItemLayout(); // the runner's format has no columns
                byte[] fn = c.job.function == null ? null : c.job.function.bytes();
                Object user = c.job.function != null ? c.job.function.function() : c.original(0);
                slot.run(c.id, c.job.kind, fn, items, c.size(), user).whenComplete((bytes, error) -> {
                    if (error != null) {
                        lastFailure = String.valueOf(error);
                        reportExit(1);
                        return;
                    }
                    if (ByteBuffer.wrap(bytes).getInt() < 0) {
                        byte[] initError = java.util.Arrays.copyOfRange(bytes, 4, bytes.length);
                        events.accept(new PoolEvent.InitializerFailed(this, RemoteErrors.decode(initError, loader)));
                        reportExit(1);
                        return;
                    }
                    ChunkResult r = decode(c.id, bytes);
                    boolean last;
                    synchronized (this) {
                        inFlight--;
                        last = shuttingDown && inFlight == 0 && waiting.isEmpty();
                    }
                    if (!exited.get()) {
                        events.accept(new PoolEvent.Results(this, List.of(r)));
                    }
                    if (last) {
                        reportExit(0);
                    } else {
                        pump();
                    }
                });
            }
        }

        private ChunkResult decode(long chunkId, byte[] payload) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            int n = b.getInt();
            Object[] values = new Object[n];
            Throwable[] errors = null; // allocated at the first failure: most chunks have none
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                byte ok = b.get();
                nanos[i] = b.getLong();
                byte[] bytes = new byte[b.getInt()];
                b.get(bytes);
                if (ok == 1) {
                    try {
                        values[i] = DefaultSerializer.INSTANCE.deserialize(bytes, loader);
                    } catch (RuntimeException e) {
                        errors = errors == null ? new Throwable[n] : errors;
                        errors[i] = e;
                    }
                } else {
                    errors = errors == null ? new Throwable[n] : errors;
                    errors[i] = RemoteErrors.decode(bytes, loader);
                }
            }
            return new ChunkResult(chunkId, values, errors, nanos);
        }

        private void reportExit(int code) {
            if (exited.compareAndSet(false, true)) {
                slot.cancel();
                events.accept(new PoolEvent.WorkerExited(this, code));
            }
        }

        @Override
        public Status status() {
            return Status.IDLE;
        }

        @Override
        public void interrupt(long chunkId, int item) {
            // deadlines are enforced remotely
        }

        @Override
        public void shutdown() {
            boolean now;
            synchronized (this) {
                shuttingDown = true;
                now = inFlight == 0 && waiting.isEmpty();
            }
            if (now) {
                reportExit(0);
            }
        }

        @Override
        public void kill() {
            reportExit(-9);
        }

        @Override
        public long residentBytes() {
            return -1;
        }

        @Override
        public void release() {
            // the runner holds nothing per slot beyond its futures
        }

        @Override
        public WorkerCrashedException crashReport(int exitCode, String task) {
            return new WorkerCrashedException(pid(), exitCode, task + " in " + name, null, List.of(),
                    "the remote pool worker failed: " + lastFailure);
        }
    }
}
