package io.multiprocessing4j.internal.worker;

import java.io.Serializable;

/**
 * What a worker JVM is told when it becomes a pool worker.
 *
 * @param name the worker's process name, e.g. {@code SpawnPoolWorker-3}
 * @param parentName the pool owner's process name
 * @param parentPid the pool owner's pid
 * @param initializer the serialized initializer ({@code SerializableRunnable} or
 *     {@code SerializableConsumer}), or null
 * @param initArgument the serialized initializer argument, or null
 * @param statusName the shared-memory file where the worker publishes what it is running
 */
public record PoolAssignment(String name, String parentName, long parentPid, byte[] initializer,
                             byte[] initArgument, String statusName) implements Serializable {
}
