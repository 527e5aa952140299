package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.wire.TaskKind;
import io.multiprocessing4j.process.ProcessInfo;
import io.multiprocessing4j.process.WorkerCrashedException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Pool workers that are threads of this JVM: the thread context ({@code multiprocessing.dummy}).
 *
 * <p>Implementation notes. Items and functions are passed by reference. A thread cannot be
 * killed: {@link Handle#kill()} interrupts it and reports it gone at once, the pool starts a
 * replacement, and whatever the abandoned thread produces later is ignored. An overdue item
 * therefore fails on time, but its thread may run on in the background until it finishes. Results
 * go to the manager in batches, as a worker JVM's do: when no chunk is queued, after 256 chunks,
 * or once held for {@value #HOLD_RESULTS_NANOS} ns, since the manager refills a worker's window
 * only from its results.
 */
final class ThreadPoolBackend implements WorkerBackend {
    private static final Object STOP = new Object();
    private static final long HOLD_RESULTS_NANOS = 1_000_000;

    private final SerializableRunnable initializer;
    private final SerializableConsumer<Object> initializerWithArg;
    private final Object initArgument;
    private final Consumer<io.multiprocessing4j.pool.Outcome<Object>> exitResults;

    ThreadPoolBackend(SerializableRunnable initializer, SerializableConsumer<Object> initializerWithArg, Object initArgument,
                      Consumer<io.multiprocessing4j.pool.Outcome<Object>> exitResults) {
        this.exitResults = exitResults;
        this.initializer = initializer;
        this.initializerWithArg = initializerWithArg;
        this.initArgument = initArgument;
    }

    @Override
    public boolean serializes() {
        return false;
    }

    @Override
    public String namePrefix() {
        return "ThreadPoolWorker";
    }

    @Override
    public void start(String name, int workerId, Consumer<PoolEvent> events) {
        Handle h = new Handle(name, workerId, events);
        h.thread.start();
    }

    private final class Handle implements WorkerHandle {
        private final String name;
        private final Consumer<PoolEvent> events;
        private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        private final Thread thread;
        private final int workerId;
        private final AtomicBoolean exitReported = new AtomicBoolean();
        private final long created = System.nanoTime();
        private volatile long readyNanos;
        private volatile Status status = Status.IDLE;

        Handle(String name, int workerId, Consumer<PoolEvent> events) {
            this.name = name;
            this.workerId = workerId;
            this.events = events;
            this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
        }

        private void loop() {
            ProcessIdentity.becomeThreadChild(new ProcessInfo(name, ProcessHandle.current().pid(), true));
            io.multiprocessing4j.internal.WorkerSlot.enterThread(workerId);
            readyNanos = System.nanoTime();
            // ready first, as a worker JVM is: chunks sent meanwhile wait for the initializer
            events.accept(new PoolEvent.WorkerReady(this));
            try {
                if (initializer != null) {
                    initializer.run();
                } else if (initializerWithArg != null) {
                    initializerWithArg.accept(initArgument);
                }
            } catch (Throwable t) {
                events.accept(new PoolEvent.InitializerFailed(this, t));
                reportExit(1);
                return;
            }
            List<ChunkResult> batch = new ArrayList<>();
            long heldSince = 0;
            try {
                while (true) {
                    Object next = inbox.poll();
                    if (next == null) {
                        if (!batch.isEmpty()) {
                            post(batch);
                            batch = new ArrayList<>();
                        }
                        next = inbox.take();
                    }
                    if (next == STOP) {
                        break;
                    }
                    if (batch.isEmpty()) {
                        heldSince = System.nanoTime();
                    }
                    batch.add(run((Chunk) next));
                    // results held long keep the pool from refilling this worker's window
                    if (batch.size() >= 256 || System.nanoTime() - heldSince >= HOLD_RESULTS_NANOS) {
                        post(batch);
                        batch = new ArrayList<>();
                    }
                }
                if (!batch.isEmpty()) {
                    post(batch);
                }
                Object[] exit = io.multiprocessing4j.internal.WorkerSlot.current().runExitHook();
                if (exit != null) {
                    exitResults.accept((Boolean) exit[0] ? io.multiprocessing4j.pool.Outcome.success(exit[1])
                            : io.multiprocessing4j.pool.Outcome.failure((Throwable) exit[1]));
                }
                reportExit(0);
            } catch (InterruptedException e) {
                reportExit(-15);
            }
        }

        private void post(List<ChunkResult> batch) {
            if (!exitReported.get()) {
                events.accept(new PoolEvent.Results(this, batch));
            }
        }

        private ChunkResult run(Chunk c) {
            int n = c.size();
            Object[] values = new Object[n];
            Throwable[] errors = null; // allocated at the first failure: most chunks have none
            long[] nanos = new long[n];
            long start = System.nanoTime(); // one clock read per item: an item ends when the next starts
            for (int i = 0; i < n; i++) {
                status = new Status(c.id, i, start);
                try {
                    values[i] = execute(c.job, c.original(i));
                } catch (Throwable t) {
                    errors = errors == null ? new Throwable[n] : errors;
                    errors[i] = t;
                } finally {
                    status = Status.IDLE;
                    Thread.interrupted();
                }
                long end = System.nanoTime();
                nanos[i] = end - start;
                start = end;
            }
            return new ChunkResult(c.id, values, errors, nanos);
        }

        @SuppressWarnings("unchecked")
        private Object execute(Job job, Object arg) throws Exception {
            if (job.kind == TaskKind.CALLABLE) {
                return ((SerializableCallable<Object>) arg).call();
            }
            if (job.kind == TaskKind.RUNNABLE) {
                ((SerializableRunnable) arg).run();
                return null;
            }
            Object fn = job.function.function();
            if (job.kind == TaskKind.BI_FUNCTION) {
                List<?> pair = (List<?>) arg;
                return ((SerializableBiFunction<Object, Object, Object>) fn).apply(pair.get(0), pair.get(1));
            }
            return ((SerializableFunction<Object, Object>) fn).apply(arg);
        }

        private void reportExit(int code) {
            if (exitReported.compareAndSet(false, true)) {
                events.accept(new PoolEvent.WorkerExited(this, code));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public long startupNanos() {
            return Math.max(0, readyNanos - created);
        }

        @Override
        public void send(List<FunctionRef> definitions, List<Chunk> chunks) {
            inbox.addAll(chunks);
        }

        @Override
        public Status status() {
            return status;
        }

        @Override
        public void interrupt(long chunkId, int item) {
            Status s = status;
            if (s.chunkId() == chunkId && s.item() == item) {
                thread.interrupt();
            }
        }

        @Override
        public void shutdown() {
            inbox.add(STOP);
        }

        @Override
        public void kill() {
            thread.interrupt();
            inbox.add(STOP);
            reportExit(-9);
        }

        @Override
        public long residentBytes() {
            return -1;
        }

        @Override
        public void release() {
            // nothing held
        }

        @Override
        public WorkerCrashedException crashReport(int exitCode, String task) {
            return new WorkerCrashedException(pid(), exitCode, task + " in " + name, null, List.of(),
                    "the worker thread was stopped");
        }
    }
}
