package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.function.SerializableSupplier;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one pool, as a {@link Pool.Builder} collected them: immutable, and with the
 * defaults already resolved (the context and the worker count are never left open). The builder
 * hands this record to the pool implementation when it builds, so the implementation reads the
 * settings here rather than from the builder, and a builder changed after {@code build()} does not
 * change the pool it built.
 *
 * <p>Each component means what the builder method of the same name sets, and its Javadoc there is
 * the contract. A record made by hand gets the checks of its constructor, not the builder's
 * defaults: {@link Pool.Builder} is the way to configure a pool.
 *
 * @param context the context whose workers run the tasks (the default context when none was set)
 * @param workers the number of workers, at least 1
 * @param initializer the initializer without an argument, or null
 * @param initializerWithArg the initializer that takes {@code initializerArgument}, or null; at most one of the two is set
 * @param initializerArgument the argument of {@code initializerWithArg}
 * @param maxTasksPerChild items a worker runs before it is replaced; 0 means never
 * @param maxWorkerMemoryBytes resident memory past which a worker is replaced between tasks; 0 means never
 * @param taskTimeout the longest any one item may run, or null for no limit
 * @param timeoutGrace how long an interrupted overdue item has to stop before its worker is killed
 * @param idleTimeout how long a worker may stay idle before it is stopped, or null for ever
 * @param retryPolicy what to do with an item whose worker died
 * @param jvmOptions extra JVM options for worker JVMs
 * @param progressListener told of every call's progress, or null
 * @param namePrefix the workers' name prefix, or null for the context's default
 * @param workerState the per-worker state supplier, or null
 * @param workerExit the hook run on a worker's state when it retires, or null
 * @param dashboardPort the port of a live dashboard (0: any free port), or -1 for none
 */
public record PoolOptions(
        MpContext context,
        int workers,
        SerializableRunnable initializer,
        SerializableConsumer<Object> initializerWithArg,
        Object initializerArgument,
        int maxTasksPerChild,
        long maxWorkerMemoryBytes,
        Duration taskTimeout,
        Duration timeoutGrace,
        Duration idleTimeout,
        RetryPolicy retryPolicy,
        List<String> jvmOptions,
        ProgressListener progressListener,
        String namePrefix,
        SerializableSupplier<?> workerState,
        SerializableFunction<?, ?> workerExit,
        int dashboardPort) {

    /** Checks what the builder's methods already check, so a record never holds an impossible setting. */
    public PoolOptions {
        Objects.requireNonNull(context, "context");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (initializer != null && initializerWithArg != null) {
            throw new IllegalArgumentException("a pool has one initializer: with an argument or without, not both");
        }
        Objects.requireNonNull(timeoutGrace, "timeoutGrace");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        jvmOptions = List.copyOf(jvmOptions);
    }
}
