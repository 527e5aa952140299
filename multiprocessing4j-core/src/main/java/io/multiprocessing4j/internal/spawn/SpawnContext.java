package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.process.ChildProcess;

import java.util.List;
import java.util.Objects;

/**
 * The {@code spawn} context: every process is a worker JVM. Creating it checks the platform
 * ({@link Platform}): elsewhere than Linux x86-64/aarch64 with a shared-memory directory and JDK 25
 * it fails at once with a message naming what is missing.
 */
public final class SpawnContext extends io.multiprocessing4j.internal.LocalContext {

    public SpawnContext() {
        this(Platform.current());
    }

    /** For tests: a context on a described platform. */
    SpawnContext(Platform platform) {
        platform.requireSupported();
    }

    @Override
    public String name() {
        return Contexts.SPAWN;
    }

    @Override
    public ChildProcess process(SerializableRunnable target) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. () -> work()");
        return sweepSharedMemoryOnExit(new SpawnChildProcess(target, null, false));
    }

    @Override
    public <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. arg -> work(arg)");
        return sweepSharedMemoryOnExit(new SpawnChildProcess(target, argument, true));
    }

    @Override
    public List<ChildProcess> activeChildren() {
        return Contexts.activeChildren().stream().filter(p -> p instanceof SpawnChildProcess).toList();
    }

    @Override
    public MpContext spareWorkers(int count) {
        SpawnRuntime.get().spareWorkers(count);
        return this;
    }

    @Override
    public void awaitSpares() throws InterruptedException {
        SpawnRuntime.get().awaitSpares();
    }

    @Override
    public String toString() {
        return "MpContext[spawn]";
    }

    /** A child killed with SIGKILL cannot release its shared memory: look for what it left once it exits. */
    private static ChildProcess sweepSharedMemoryOnExit(ChildProcess p) {
        p.onExit().whenComplete((c, e) -> io.multiprocessing4j.internal.shm.ResourceTracker.sweepInBackground());
        return p;
    }

    @Override
    public io.multiprocessing4j.manager.Manager manager() {
        return io.multiprocessing4j.internal.manager.Managers.startInWorker(this::process);
    }
}
