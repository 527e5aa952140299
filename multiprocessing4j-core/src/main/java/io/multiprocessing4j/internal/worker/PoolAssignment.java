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
 */
public record PoolAssignment(String name, String parentName, long parentPid, byte[] initializer,
                             byte[] initArgument) implements Serializable {
}
