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
        return new SpawnChildProcess(target, null, false);
    }

    @Override
    public <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        Objects.requireNonNull(target, "target must not be null: pass the code the child runs, e.g. arg -> work(arg)");
        return new SpawnChildProcess(target, argument, true);
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
    public MpContext inheritSystemProperties(boolean inherit) {
        JavaCommand.inheritSystemProperties(inherit);
        return this;
    }

    @Override
    public void awaitSpares() throws InterruptedException {
        SpawnRuntime.get().awaitSpares();
    }

    @Override
    public boolean awaitStartupCache() throws InterruptedException {
        return AotCache.awaitTrained(LaunchSpec.DEFAULT.jvmOptions(), 180_000) != null;
    }

    @Override
    public String toString() {
        return "MpContext[spawn]";
    }

    @Override
    public io.multiprocessing4j.manager.Manager manager() {
        return io.multiprocessing4j.internal.manager.Managers.startInWorker(this::process);
    }
}
