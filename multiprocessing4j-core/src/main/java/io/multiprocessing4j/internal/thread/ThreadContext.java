package io.multiprocessing4j.internal.thread;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.internal.pipe.ShmConnection;
import io.multiprocessing4j.queue.JoinableProcessQueue;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.queue.SimpleProcessQueue;

import java.util.List;
import java.util.Objects;

/**
 * The {@code thread} context: Python's {@code multiprocessing.dummy}. Every "process" is a thread
 * of this JVM, and objects are shared by reference, not serialized.
 */
public final class ThreadContext implements MpContext {

    @Override
    public String name() {
        return Contexts.THREAD;
    }

    @Override
    public ChildProcess process(SerializableRunnable target) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. () -> work()");
        return new ThreadChildProcess(target::run);
    }

    @Override
    public <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. arg -> work(arg)");
        return new ThreadChildProcess(() -> target.accept(argument));
    }

    @Override
    public List<ChildProcess> activeChildren() {
        return Contexts.activeChildren().stream().filter(p -> p instanceof ThreadChildProcess).toList();
    }

    @Override
    public MpContext spareWorkers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spareWorkers must be >= 0, got " + count);
        }
        return this;
    }

    @Override
    public void awaitSpares() {
        // threads start in microseconds; there is nothing to warm up
    }

    @Override
    public String toString() {
        return "MpContext[thread]";
    }

    // --- queues and pipes (shared memory, the same in every local context) ---------------------------

    @Override
    public <E> ProcessQueue<E> queue() {
        return ProcessQueue.create(0);
    }

    @Override
    public <E> ProcessQueue<E> queue(int maxsize) {
        return ProcessQueue.create(maxsize);
    }

    @Override
    public <E> JoinableProcessQueue<E> joinableQueue() {
        return JoinableProcessQueue.create(0);
    }

    @Override
    public <E> JoinableProcessQueue<E> joinableQueue(int maxsize) {
        return JoinableProcessQueue.create(maxsize);
    }

    @Override
    public <E> SimpleProcessQueue<E> simpleQueue() {
        return SimpleProcessQueue.create();
    }

    @Override
    public Pipe pipe(boolean duplex) {
        ShmConnection[] ends = ShmConnection.open(duplex);
        return new Pipe(ends[0], ends[1]);
    }
}
