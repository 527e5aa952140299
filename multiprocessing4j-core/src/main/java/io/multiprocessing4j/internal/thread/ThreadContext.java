package io.multiprocessing4j.internal.thread;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.process.ChildProcess;

import java.util.List;
import java.util.Objects;

/**
 * The {@code thread} context: Python's {@code multiprocessing.dummy}. Every "process" is a thread
 * of this JVM, and objects are shared by reference, not serialized.
 */
public final class ThreadContext extends io.multiprocessing4j.internal.LocalContext {

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

    @Override
    public io.multiprocessing4j.manager.Manager manager() {
        return io.multiprocessing4j.internal.manager.Managers.startInThisJvm();
    }
}
