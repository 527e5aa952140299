package io.multiprocessing4j.function;

import java.io.Serializable;

/**
 * A process target that takes three arguments, like Python's {@code Process(target=f, args=(a, b, c))}.
 *
 * <p>Lambdas and method references convert to it directly, and every value the lambda captures
 * must be {@link Serializable} too: a capture that is not fails when the task is submitted, in the
 * caller's thread, with the path of the offending field. The receiving process needs the
 * lambda's class on its class path (a worker JVM gets the caller's class path). The method may throw
 * any exception; it reaches the caller as the cause of the failed task.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <C> the third argument type
 */
@FunctionalInterface
public interface SerializableTriConsumer<A, B, C> extends Serializable {
    /**
     * Runs the task.
     *
     * @throws Exception whatever the task throws; it is reported to the caller
     */
    void accept(A first, B second, C third) throws Exception;
}
