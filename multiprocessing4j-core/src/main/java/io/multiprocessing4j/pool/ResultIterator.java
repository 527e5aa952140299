package io.multiprocessing4j.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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

    /**
     * The remaining results as a sequential {@link Stream}, read as the stream pulls them; closing
     * the stream closes this iterator. A failed item throws from the terminal operation as
     * {@link #next()} does. Use it once, from one thread:
     * {@code try (Stream<R> s = pool.imap(f, items).stream()) { ... }}.
     *
     * @return a stream over the results, in the order {@link #next()} yields them
     */
    default Stream<R> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Stops reading input; results not yet taken are dropped. Idempotent. */
    @Override
    void close();
}
