package io.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeoutException;

/**
 * The lazy results of {@link Pool#imap} and {@link Pool#imapUnordered}: Python's
 * {@code IMapIterator}. Input is read only as results are consumed, within a bounded window, so an
 * endless input works in bounded memory.
 *
 * <p>Iterate it once, from one thread. {@link #next()} rethrows a failed item's exception (an
 * unchecked one as it is, a checked one inside a {@link TaskFailedException}); iteration may go on
 * after a failure. {@link #close()} stops reading input and drops unread results.
 *
 * @param <R> the result type
 */
public interface ResultIterator<R> extends Iterator<R>, Iterable<R>, AutoCloseable {

    /**
     * The next result, waiting at most {@code timeout}: Python's {@code next(timeout)}.
     *
     * @throws TimeoutException if none arrives in time (it may still arrive later)
     * @throws java.util.NoSuchElementException if there are no more results
     */
    R next(Duration timeout) throws TimeoutException, InterruptedException;

    @Override
    default Iterator<R> iterator() {
        return this;
    }

    /** Stops reading input; results not yet taken are dropped. Idempotent. */
    @Override
    void close();
}
