package io.multiprocessing4j.pool;

import java.util.NoSuchElementException;

/**
 * What happened to one item of {@link Pool#mapOutcomes}: its value, or the exception that ended it.
 * Immutable.
 *
 * @param <R> the result type
 */
public final class Outcome<R> {
    private final R value;
    private final Throwable error;

    private Outcome(R value, Throwable error) {
        this.value = value;
        this.error = error;
    }

    /** @return a successful outcome */
    public static <R> Outcome<R> success(R value) {
        return new Outcome<>(value, null);
    }

    /** @return a failed outcome */
    public static <R> Outcome<R> failure(Throwable error) {
        return new Outcome<>(null, java.util.Objects.requireNonNull(error, "error"));
    }

    /** @return whether the item returned a value */
    public boolean isSuccess() {
        return error == null;
    }

    /**
     * @return the item's value
     * @throws NoSuchElementException if it failed; the failure is the cause
     */
    public R value() {
        if (error != null) {
            throw new NoSuchElementException("the item failed: " + error, error);
        }
        return value;
    }

    /**
     * @return the item's exception
     * @throws NoSuchElementException if it succeeded
     */
    public Throwable error() {
        if (error == null) {
            throw new NoSuchElementException("the item succeeded");
        }
        return error;
    }

    @Override
    public String toString() {
        return error == null ? "Success[" + value + "]" : "Failure[" + error + "]";
    }
}
