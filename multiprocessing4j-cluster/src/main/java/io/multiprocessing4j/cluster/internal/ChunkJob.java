package io.multiprocessing4j.cluster.internal;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.internal.wire.TaskKind;
import io.multiprocessing4j.pool.TaskTimeoutException;
import io.multiprocessing4j.process.ProcessInfo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * One pool chunk run on a server node: the items of the chunk in order, each with its own result.
 *
 * <p>Implementation notes. The job never throws for a task's failure: every item's value or
 * exception is encoded in the result, so a job fails only when the machinery does, and Ignite's
 * failover re-runs it elsewhere when its node dies (chunks must therefore be idempotent, as in any
 * pool with retries). The pool's initializer runs once per pool in each node JVM. With a task
 * timeout the items run on a helper thread that the job thread watches; an overdue item is
 * interrupted, given the grace period, then abandoned (a thread cannot be killed; it may run on in
 * the background) and reported as a {@link TaskTimeoutException}, and the rest of the chunk runs on
 * a fresh helper.
 */
final class ChunkJob extends UserClassJob {
    private static final Map<Long, Object> INITIALIZED = new ConcurrentHashMap<>();

    private final long poolId;
    private final String workerName;
    private final String parentName;
    private final long parentPid;
    private final byte[] initializer;
    private final byte[] initArgument;
    private final byte kind;
    private final byte[] function;
    private final byte[] items;
    private final int count;
    private final long timeoutNanos;
    private final long graceNanos;

    ChunkJob(long poolId, String workerName, String parentName, long parentPid, byte[] initializer, byte[] initArgument, byte kind, byte[] function, byte[] items, int count,
             Duration timeout, Duration grace) {
        this.poolId = poolId;
        this.workerName = workerName;
        this.parentName = parentName;
        this.parentPid = parentPid;
        this.initializer = initializer;
        this.initArgument = initArgument;
        this.kind = kind;
        this.function = function;
        this.items = items;
        this.count = count;
        this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
        this.graceNanos = grace == null ? 0 : grace.toNanos();
    }

    @Override
    public byte[] call() {
        ProcessIdentity.becomeThreadChild(new ProcessInfo(workerName, ProcessHandle.current().pid(), true),
                new ProcessInfo(parentName, parentPid, false));
        try {
            return runChunk();
        } finally {
            ProcessIdentity.leaveThreadChild();
        }
    }

    private byte[] runChunk() {
        ClassLoader loader = userLoader();
        Object fn = null;
        Throwable fnError = null;
        try {
            initializeOnce(loader);
        } catch (Throwable t) {
            byte[] error = RemoteErrors.encode(t);
            return ByteBuffer.allocate(4 + error.length).putInt(-1).put(error).array();
        }
        try {
            fn = function == null ? null : DefaultSerializer.INSTANCE.deserialize(function, loader);
        } catch (Throwable t) {
            fnError = t;
        }
        byte[][] args = split();
        Object[] out = new Object[count]; // byte[] value or Throwable
        long[] nanos = new long[count];
        if (fnError != null) {
            for (int i = 0; i < count; i++) {
                out[i] = fnError;
            }
        } else if (timeoutNanos <= 0) {
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                out[i] = runOne(fn, args[i], loader);
                nanos[i] = System.nanoTime() - t0;
            }
        } else {
            runWatched(fn, args, loader, out, nanos);
        }
        return encode(out, nanos);
    }

    private void initializeOnce(ClassLoader loader) throws Exception {
        if (initializer == null || INITIALIZED.containsKey(poolId)) {
            return;
        }
        synchronized (INITIALIZED) {
            if (INITIALIZED.containsKey(poolId)) {
                return;
            }
            Object init = DefaultSerializer.INSTANCE.deserialize(initializer, loader);
            if (init instanceof SerializableRunnable r) {
                r.run();
            } else {
                @SuppressWarnings("unchecked")
                SerializableConsumer<Object> c = (SerializableConsumer<Object>) init;
                c.accept(initArgument == null ? null : DefaultSerializer.INSTANCE.deserialize(initArgument, loader));
            }
            INITIALIZED.put(poolId, Boolean.TRUE);
        }
    }

    private byte[][] split() {
        ByteBuffer b = ByteBuffer.wrap(items);
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            out[i] = new byte[b.getInt()];
            b.get(out[i]);
        }
        return out;
    }

    /** @return the serialized value, or the Throwable */
    private Object runOne(Object fn, byte[] arg, ClassLoader loader) {
        try {
            Object value = execute(fn, DefaultSerializer.INSTANCE.deserialize(arg, loader));
            return DefaultSerializer.INSTANCE.serialize(value);
        } catch (Throwable t) {
            return t;
        } finally {
            Thread.interrupted();
        }
    }

    @SuppressWarnings("unchecked")
    private Object execute(Object fn, Object arg) throws Exception {
        if (kind == TaskKind.CALLABLE) {
            return ((SerializableCallable<Object>) arg).call();
        }
        if (kind == TaskKind.RUNNABLE) {
            ((Runnable) arg).run();
            return null;
        }
        if (kind == TaskKind.BI_FUNCTION) {
            List<?> pair = (List<?>) arg;
            return ((SerializableBiFunction<Object, Object, Object>) fn).apply(pair.get(0), pair.get(1));
        }
        return ((SerializableFunction<Object, Object>) fn).apply(arg);
    }

    private void runWatched(Object fn, byte[][] args, ClassLoader loader, Object[] out, long[] nanos) {
        int i = 0;
        while (i < count) {
            SynchronousQueue<Object[]> done = new SynchronousQueue<>();
            int from = i;
            long[] started = new long[count];
            Thread helper = Thread.ofPlatform().daemon().name("mp4j-cluster-task").unstarted(() -> { // inherits the identity
                Thread.currentThread().setContextClassLoader(loader);
                for (int k = from; k < count; k++) {
                    started[k] = System.nanoTime();
                    Object r = runOne(fn, args[k], loader);
                    try {
                        done.put(new Object[] {k, r});
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            helper.start();
            while (i < count) {
                long start = System.nanoTime();
                Object[] got;
                try {
                    got = done.poll(timeoutNanos, TimeUnit.NANOSECONDS);
                    if (got == null) {
                        helper.interrupt();
                        got = graceNanos > 0 ? done.poll(graceNanos, TimeUnit.NANOSECONDS) : null;
                        boolean stopped = got != null;
                        out[i] = new TaskTimeoutException("task #" + i + " of its chunk", Duration.ofNanos(timeoutNanos),
                                "cluster node " + System.getProperty("mp4j.cluster.nodeName", "?"), !stopped);
                        nanos[i] = System.nanoTime() - start;
                        i++;
                        if (!stopped) {
                            break; // abandon the stuck helper; a fresh one runs the rest
                        }
                        continue;
                    }
                } catch (InterruptedException e) {
                    helper.interrupt();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the chunk was cancelled", e);
                }
                out[i] = got[1];
                nanos[i] = System.nanoTime() - start;
                i++;
            }
        }
    }

    private static byte[] encode(Object[] out, long[] nanos) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            d.writeInt(out.length);
            for (int i = 0; i < out.length; i++) {
                byte[] payload;
                boolean ok = out[i] instanceof byte[];
                if (ok) {
                    payload = (byte[]) out[i];
                } else {
                    payload = RemoteErrors.encode((Throwable) out[i]);
                }
                d.writeByte(ok ? 1 : 0);
                d.writeLong(nanos[i]);
                d.writeInt(payload.length);
                d.write(payload);
            }
            d.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
