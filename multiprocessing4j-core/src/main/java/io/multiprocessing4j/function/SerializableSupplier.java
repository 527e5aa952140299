package io.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A factory that travels to another process, e.g. a manager's registered type.
 *
 * <p>Lambdas and method references convert to it directly, and every value the lambda captures
 * must be {@link Serializable} too: a capture that is not fails when the task is submitted, in the
 * caller's thread, with the path of the offending field. A worker JVM gets the caller's class
 * path; classes that exist only in memory (JShell snippets, generated classes) are shipped to it by
 * value, with the static fields the code reads (docs/jshell.md). The method may throw
 * any exception; it reaches the caller as the cause of the failed task.
 *
 * @param <T> the supplied type
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Serializable {
    /**
     * Runs the task.
     *
     * @throws Exception whatever the task throws; it is reported to the caller
     */
    T get() throws Exception;
}
