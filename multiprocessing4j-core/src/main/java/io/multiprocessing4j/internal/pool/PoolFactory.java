package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.pool.PoolOptions;

import java.util.concurrent.atomic.LongAdder;

/**
 * Builds the pool implementation that fits the options' context.
 *
 * <p>Implementation notes. The options arrive resolved ({@link PoolOptions} always names a context
 * and a worker count): which context is the default is decided by {@code Multiprocessing} alone,
 * so nothing here depends on the facade.
 */
public final class PoolFactory {
    private PoolFactory() {
    }

    public static PoolImpl create(PoolOptions b) {
        MpContext ctx = b.context();
        int workers = b.workers();
        LongAdder serialization = new LongAdder();
        java.util.Queue<io.multiprocessing4j.pool.Outcome<Object>> exitResults = new java.util.concurrent.ConcurrentLinkedQueue<>();
        io.multiprocessing4j.function.SerializableRunnable initializer = b.initializer();
        io.multiprocessing4j.function.SerializableConsumer<Object> initializerWithArg = b.initializerWithArg();
        if (b.workerState() != null || b.workerExit() != null) { // one initializer that also builds the state
            initializer = new WorkerSetup(initializer, initializerWithArg, b.initializerArgument(), b.workerState(),
                    b.workerExit());
            initializerWithArg = null;
        }
        WorkerBackend backend = switch (ctx.name()) {
            case Contexts.SPAWN -> {
                byte[] init = null;
                byte[] arg = null;
                try (var _ = CodeShip.scope()) {
                    if (initializer != null) {
                        init = CodeShip.serialize(initializer);
                    } else if (initializerWithArg != null) {
                        init = CodeShip.serialize(initializerWithArg);
                        arg = CodeShip.serialize(b.initializerArgument());
                    }
                }
                yield new SpawnPoolBackend(b.jvmOptions(), init, arg, serialization, exitResults::add);
            }
            case Contexts.THREAD -> new ThreadPoolBackend(initializer, initializerWithArg, b.initializerArgument(),
                    exitResults::add);
            default -> {
                if (!(ctx instanceof RemoteChunkRunner runner)) {
                    throw new IllegalArgumentException("pools are not available in the '" + ctx.name() + "' context");
                }
                byte[] init = null;
                byte[] arg = null;
                if (initializer != null) {
                    init = CodeShip.serialize(initializer);
                } else if (initializerWithArg != null) {
                    init = CodeShip.serialize(initializerWithArg);
                    arg = CodeShip.serialize(b.initializerArgument());
                }
                yield new RemotePoolBackend(runner, init, arg, b.taskTimeout(), b.timeoutGrace());
            }
        };
        String prefix = b.namePrefix() != null ? b.namePrefix() : backend.namePrefix();
        PoolConfig cfg = new PoolConfig(workers, prefix, b.taskTimeout(), b.timeoutGrace(), b.idleTimeout(),
                b.retryPolicy(), b.maxTasksPerChild(), b.maxWorkerMemoryBytes(), b.progressListener(), serialization,
                b.workerState() != null, exitResults);
        return new PoolImpl(cfg, backend);
    }
}
