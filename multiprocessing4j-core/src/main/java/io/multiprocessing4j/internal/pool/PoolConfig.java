package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.ProgressListener;
import io.multiprocessing4j.pool.RetryPolicy;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** A pool's settings with defaults resolved, plus its shared serialization-time counter. */
record PoolConfig(int workers, String namePrefix, Duration taskTimeout, Duration timeoutGrace, Duration idleTimeout,
                  RetryPolicy retryPolicy, int maxTasksPerChild, long maxWorkerMemoryBytes,
                  ProgressListener progressListener, LongAdder serializationNanos,
                  boolean hasWorkerState, java.util.Queue<io.multiprocessing4j.pool.Outcome<Object>> exitResults) {
}
