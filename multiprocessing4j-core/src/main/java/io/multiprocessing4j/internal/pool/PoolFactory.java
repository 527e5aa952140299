package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.internal.Contexts;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.pool.Pool;

import java.util.concurrent.atomic.LongAdder;

/** Builds the pool implementation that fits the builder's context. */
public final class PoolFactory {
    private PoolFactory() {
    }

    public static PoolImpl create(Pool.Builder b) {
        MpContext ctx = b.contextOrNull() != null ? b.contextOrNull() : io.multiprocessing4j.Multiprocessing.context();
        int workers = b.workersOrZero() > 0 ? b.workersOrZero() : Runtime.getRuntime().availableProcessors();
        LongAdder serialization = new LongAdder();
        WorkerBackend backend = switch (ctx.name()) {
            case Contexts.SPAWN -> {
                byte[] init = null;
                byte[] arg = null;
                if (b.initializerOrNull() != null) {
                    init = DefaultSerializer.INSTANCE.serialize(b.initializerOrNull());
                } else if (b.initializerWithArgOrNull() != null) {
                    init = DefaultSerializer.INSTANCE.serialize(b.initializerWithArgOrNull());
                    arg = DefaultSerializer.INSTANCE.serialize(b.initializerArgument());
                }
                yield new SpawnPoolBackend(b.jvmOptions(), init, arg, serialization);
            }
            case Contexts.THREAD -> new ThreadPoolBackend(b.initializerOrNull(), b.initializerWithArgOrNull(),
                    b.initializerArgument());
            default -> {
                if (!(ctx instanceof RemoteChunkRunner runner)) {
                    throw new IllegalArgumentException("pools are not available in the '" + ctx.name() + "' context");
                }
                byte[] init = null;
                byte[] arg = null;
                if (b.initializerOrNull() != null) {
                    init = DefaultSerializer.INSTANCE.serialize(b.initializerOrNull());
                } else if (b.initializerWithArgOrNull() != null) {
                    init = DefaultSerializer.INSTANCE.serialize(b.initializerWithArgOrNull());
                    arg = DefaultSerializer.INSTANCE.serialize(b.initializerArgument());
                }
                yield new RemotePoolBackend(runner, init, arg, b.taskTimeout(), b.timeoutGrace());
            }
        };
        String prefix = b.namePrefixOrNull() != null ? b.namePrefixOrNull() : backend.namePrefix();
        PoolConfig cfg = new PoolConfig(workers, prefix, b.taskTimeout(), b.timeoutGrace(), b.idleTimeout(),
                b.retryPolicy(), b.maxTasksPerChild(), b.maxWorkerMemoryBytes(), b.progressListener(), serialization);
        return new PoolImpl(cfg, backend);
    }
}
