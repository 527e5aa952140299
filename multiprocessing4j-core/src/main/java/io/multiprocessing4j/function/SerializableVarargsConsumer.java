package io.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A process target that takes any number of arguments as an array, for Python's
 * {@code Process(target=f, args=(a, b, c, d, ...))} with more arguments than the typed forms cover.
 * The array holds the arguments in the order given, each of its own runtime type.
 *
 * <p>Lambdas and method references convert to it directly, and every value the lambda captures
 * must be {@link Serializable} too: a capture that is not fails when the task is submitted, in the
 * caller's thread, with the path of the offending field. The receiving process needs the
 * lambda's class on its class path (a worker JVM gets the caller's class path). The method may throw
 * any exception; it reaches the caller as the cause of the failed task.
 */
@FunctionalInterface
public interface SerializableVarargsConsumer extends Serializable {
    /**
     * Runs the task.
     *
     * @param arguments the arguments, in the order given; never null
     * @throws Exception whatever the task throws; it is reported to the caller
     */
    void accept(Object... arguments) throws Exception;
}
