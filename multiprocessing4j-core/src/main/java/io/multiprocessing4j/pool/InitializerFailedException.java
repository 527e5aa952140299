package io.multiprocessing4j.pool;

/**
 * The pool's initializer threw in a worker. The pool does not start worker after worker in a loop
 * (CPython's pool does): every pending and later call fails with this exception, whose cause is the
 * initializer's own exception, and {@link Pool#isBroken()} is true. Create a new pool once the
 * initializer is fixed.
 */
public class InitializerFailedException extends BrokenPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which worker, and what to do
     * @param cause the initializer's exception
     */
    public InitializerFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
