package io.multiprocessing4j.pool;

/**
 * The pool can no longer run anything: Python's {@code concurrent.futures.process.BrokenProcessPool},
 * but raised only when there is truly no way on. Every pending and later call fails with it, and
 * {@link Pool#isBroken()} turns true. Causes: the initializer failed (the subclass
 * {@link InitializerFailedException}), worker JVMs cannot be started (a bad JVM option, no memory),
 * or workers keep dying before their first task. A worker that dies while running a task does not
 * break the pool: that task alone fails (see {@link io.multiprocessing4j.process.WorkerCrashedException}).
 *
 * <p>The message says what happened and what to fix; the cause, when there is one, is the
 * original failure. A broken pool still needs {@link Pool#close()} (it returns promptly). Create a
 * new pool once the cause is fixed.
 *
 * <p>It extends {@link IllegalStateException} so code written against earlier versions, which
 * caught that, still catches it.
 */
public class BrokenPoolException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what broke the pool and what to do about it
     * @param cause the original failure, or null
     */
    public BrokenPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
