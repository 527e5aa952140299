package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.ProcessIdentity;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.process.ProcessInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The pool side of a worker JVM: receives functions and task batches, runs tasks one at a time in
 * the order received, and sends results back in batches.
 *
 * <p>Implementation notes. The main thread reads frames and queues tasks; a single task thread
 * runs them, so a long task never stops the worker from hearing {@code INTERRUPT} or the end of its
 * connection. Functions arrive once ({@code DEFINE_FUNCTION}) and are cached by id; tasks carry only
 * their argument bytes. Results are batched: the task thread flushes when it has no queued task
 * left, or after 256 results or 256 KiB, so a stream of tiny tasks costs one write per batch
 * instead of one per task while a lone slow task is still reported at once.
 */
final class PoolWorker {
    private static final int FLUSH_COUNT = 256;
    private static final int FLUSH_BYTES = 256 * 1024;

    private record Task(long id, long fnId, byte kind, byte[] arg) {
    }

    private final FrameChannel channel;
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();
    private final Map<Long, Object> functions = new HashMap<>();
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile long runningTask = -1;
    private volatile Thread taskThread;

    private PoolWorker(FrameChannel channel) {
        this.channel = channel;
    }

    static void run(FrameChannel channel, byte[] assignmentBytes) {
        new PoolWorker(channel).serve(assignmentBytes);
    }

    private void serve(byte[] assignmentBytes) {
        PoolAssignment a = (PoolAssignment) DefaultSerializer.INSTANCE.deserialize(assignmentBytes, loader);
        ProcessIdentity.become(a.name(), true, new ProcessInfo(a.parentName(), a.parentPid(), false));
        Thread.currentThread().setName(a.name() + "-reader");
        if (a.initializer() != null && !initialize(a)) {
            WorkerMain.exitNow(1);
            return;
        }
        taskThread = Thread.ofPlatform().name(a.name()).start(this::runTasks);
        try {
            while (true) {
                Frame f = channel.receive();
                switch (f.type()) {
                    case FrameType.DEFINE_FUNCTION -> inbox.add(f);
                    case FrameType.TASKS -> decodeTasks(f.payload());
                    case FrameType.INTERRUPT -> {
                        long id = ByteBuffer.wrap(f.payload()).getLong();
                        if (runningTask == id) {
                            taskThread.interrupt();
                        }
                    }
                    case FrameType.SHUTDOWN -> {
                        inbox.add(Boolean.FALSE);
                        taskThread.join();
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
            Object init = DefaultSerializer.INSTANCE.deserialize(a.initializer(), loader);
            if (a.initArgument() != null) {
                Object arg = DefaultSerializer.INSTANCE.deserialize(a.initArgument(), loader);
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
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            long id = b.getLong();
            long fn = b.getLong();
            byte kind = b.get();
            byte[] arg = new byte[b.getInt()];
            b.get(arg);
            inbox.add(new Task(id, fn, kind, arg));
        }
    }

    private void runTasks() {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(1024);
        int count = 0;
        try {
            while (true) {
                Object item = inbox.poll();
                if (item == null) {
                    if (count > 0) {
                        flush(batch, count);
                        batch.reset();
                        count = 0;
                    }
                    item = inbox.take();
                }
                if (item == Boolean.FALSE) {
                    if (count > 0) {
                        flush(batch, count);
                    }
                    return;
                }
                if (item instanceof Frame def) {
                    define(def.payload());
                    continue;
                }
                Task t = (Task) item;
                byte ok;
                byte[] out;
                runningTask = t.id();
                try {
                    out = DefaultSerializer.INSTANCE.serialize(execute(t));
                    ok = 1;
                } catch (Throwable e) {
                    out = RemoteErrors.encode(e);
                    ok = 0;
                } finally {
                    runningTask = -1;
                    Thread.interrupted(); // an interrupt meant for this task must not hit the next one
                }
                writeResult(batch, t.id(), ok, out);
                count++;
                if (count >= FLUSH_COUNT || batch.size() >= FLUSH_BYTES) {
                    flush(batch, count);
                    batch.reset();
                    count = 0;
                }
            }
        } catch (InterruptedException | IOException e) {
            WorkerMain.exitNow(0);
        }
    }

    private void define(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        long id = b.getLong();
        byte[] fn = new byte[b.remaining()];
        b.get(fn);
        try {
            functions.put(id, DefaultSerializer.INSTANCE.deserialize(fn, loader));
        } catch (RuntimeException e) {
            functions.put(id, e); // every task of this function fails with this error
        }
    }

    @SuppressWarnings("unchecked")
    private Object execute(Task t) throws Exception {
        Object fn = functions.get(t.fnId());
        if (fn instanceof RuntimeException e) {
            throw e;
        }
        if (fn == null) {
            throw new IllegalStateException("function " + t.fnId() + " was never defined in this worker");
        }
        return switch (t.kind()) {
            case TaskKind.FUNCTION -> ((SerializableFunction<Object, Object>) fn)
                    .apply(DefaultSerializer.INSTANCE.deserialize(t.arg(), loader));
            case TaskKind.BI_FUNCTION -> {
                Object args = DefaultSerializer.INSTANCE.deserialize(t.arg(), loader);
                Object first;
                Object second;
                if (args instanceof Object[] arr && arr.length == 2) {
                    first = arr[0];
                    second = arr[1];
                } else if (args instanceof List<?> list && list.size() == 2) {
                    first = list.get(0);
                    second = list.get(1);
                } else {
                    throw new IllegalArgumentException("starmap needs pairs of two arguments, got " + args);
                }
                yield ((SerializableBiFunction<Object, Object, Object>) fn).apply(first, second);
            }
            case TaskKind.CALLABLE -> ((SerializableCallable<Object>) fn).call();
            case TaskKind.RUNNABLE -> {
                ((SerializableRunnable) fn).run();
                yield null;
            }
            default -> throw new IllegalStateException("unknown task kind " + t.kind());
        };
    }

    private static void writeResult(ByteArrayOutputStream batch, long id, byte ok, byte[] out) {
        byte[] head = ByteBuffer.allocate(13).putLong(id).put(ok).putInt(out.length).array();
        batch.write(head, 0, head.length);
        batch.write(out, 0, out.length);
    }

    private void flush(ByteArrayOutputStream batch, int count) throws IOException {
        byte[] body = batch.toByteArray();
        byte[] payload = ByteBuffer.allocate(4 + body.length).putInt(count).put(body).array();
        channel.send(new Frame(FrameType.RESULTS, payload));
    }
}
