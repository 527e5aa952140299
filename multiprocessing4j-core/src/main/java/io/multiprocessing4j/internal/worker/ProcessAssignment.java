package io.multiprocessing4j.internal.worker;

import java.io.Serializable;

/**
 * What a worker JVM is told when it becomes a {@code ChildProcess}: its identity, its parent's,
 * and the serialized target (and argument, for a consumer target).
 */
public record ProcessAssignment(String name, boolean daemon, String parentName, long parentPid,
                                byte[] target, byte[] argument, boolean hasArgument) implements Serializable {
}
