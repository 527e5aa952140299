package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.pool.ProgressListener;
import io.multiprocessing4j.pool.ResultIterator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A lazy call ({@code imap}, {@code imapUnordered}, {@code ProcessPoolExecutor.map}): input is read
 * only as results are consumed.
 *
 * <p>Implementation notes. A feeder thread (virtual) reads the caller's iterator, so an iterator
 * that blocks or is slow never stalls the pool's manager thread. It takes a permit per item from a
 * semaphore of {@code window} permits, and the consumer gives one back per result it takes, so at
 * most {@code window} items are read but not yet consumed: an endless input runs in bounded memory.
 * An item that cannot be serialized, or an exception from the iterator itself, becomes that item's
 * failure, delivered in its place. Results wait in a map keyed by index (ordered) or a queue
 * (unordered) under a lock the consumer waits on.
 */
final class StreamJob extends Job implements ResultIterator<Object> {
    private record Item(long index, Object original, byte[] encoded) {
    }

    private final Iterator<?> input;
    private final boolean ordered;
    private final boolean serialize;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Item> buffered = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean notified = new AtomicBoolean();
    private final Consumer<PoolEvent> post;
    private Thread feeder;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, Object[]> byIndex = new HashMap<>();
    private final ArrayDeque<Object[]> inOrderOfCompletion = new ArrayDeque<>();
    private long read;              // items read from input (feeder)
    private long inputTotal = -1;   // set when input ends
    private long delivered;         // results handed to the consumer
    private long nextToDeliver;
    private long feederFailures;    // items that failed before reaching a worker
    private volatile boolean closed;
    private Throwable failure;      // the pool failed as a whole

    StreamJob(String label, FunctionRef function, byte kind, Iterable<?> items, boolean ordered, boolean serialize,
              int chunksize, int window, Consumer<PoolEvent> post, ProgressListener progress,
              java.util.concurrent.Executor progressExecutor) {
        super(label, function, kind, chunksize, progress, progressExecutor);
        this.input = items.iterator();
        this.ordered = ordered;
        this.serialize = serialize;
        this.permits = new Semaphore(window);
        this.post = post;
    }

    void startFeeder() {
        feeder = Thread.ofVirtual().name("mp4j-imap-feeder-" + id).start(this::feed);
    }

    private void feed() {
        try (var _ = CodeShip.scope()) {
            while (!closed) {
                permits.acquire();
                if (closed) {
                    return;
                }
                Object item;
                try {
                    if (!input.hasNext()) {
                        endInput(read);
                        return;
                    }
                    item = input.next();
                } catch (RuntimeException e) {
                    long at = read++;
                    storeResult(at, null, new IllegalStateException("the input iterator of " + label
                            + " threw at item " + at + ": " + e, e), false);
                    endInput(read);
                    return;
                }
                long index = read++;
                byte[] enc = null;
                if (serialize) {
                    try {
                        enc = CodeShip.serialize(item);
                    } catch (RuntimeException e) {
                        storeResult(index, null, e, false);
                        continue;
                    }
                }
                buffered.add(new Item(index, item, enc));
                if (notified.compareAndSet(false, true)) {
                    post.accept(new PoolEvent.InputAvailable(this));
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void endInput(long total) {
        lock.lock();
        try {
            if (inputTotal < 0) {
                inputTotal = total;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        post.accept(new PoolEvent.InputAvailable(this));
    }

    @Override
    void stopInput() {
        if (feeder != null) {
            feeder.interrupt();
        }
        lock.lock();
        try {
            if (inputTotal < 0) {
                // items read but never buffered cannot exist: the feeder buffers or stores each at once
                inputTotal = read;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // --- manager thread side ----------------------------------------------------------------------

    @Override
    boolean hasInput() {
        notified.set(false);
        return !cancelled && !buffered.isEmpty();
    }

    @Override
    Chunk nextChunk(long chunkId, int max) {
        Item first = buffered.poll();
        if (first == null) {
            return null;
        }
        java.util.List<Item> items = new java.util.ArrayList<>();
        items.add(first);
        while (items.size() < max) {
            Item n = buffered.peek();
            if (n == null || n.index() != items.getLast().index() + 1) {
                break;
            }
            items.add(buffered.poll());
        }
        Object[] originals = new Object[items.size()];
        EncodedItems.Builder encoded = serialize ? new EncodedItems.Builder(items.size()) : null;
        for (int i = 0; i < items.size(); i++) {
            originals[i] = items.get(i).original();
            if (serialize) {
                encoded.add(items.get(i).encoded());
            }
        }
        return new Chunk(chunkId, this, first.index(), originals, serialize ? encoded.build() : null);
    }

    @Override
    void itemDone(long index, Object value, Throwable error) {
        countDone();
        storeResult(index, value, error, true);
    }

    private void storeResult(long index, Object value, Throwable error, boolean fromWorker) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!fromWorker) {
                feederFailures++;
            }
            Object[] r = {value, error};
            if (ordered) {
                byIndex.put(index, r);
            } else {
                inOrderOfCompletion.add(r);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean finished() {
        lock.lock();
        try {
            return closed || failure != null || (inputTotal >= 0 && done + feederFailures >= inputTotal);
        } finally {
            lock.unlock();
        }
    }

    @Override
    void failAll(Throwable error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        cancelled = true;
        if (feeder != null) {
            feeder.interrupt();
        }
    }

    @Override
    long remainingInput() {
        return -1;
    }

    @Override
    OptionalLong total() {
        lock.lock();
        try {
            return inputTotal >= 0 ? OptionalLong.of(inputTotal) : OptionalLong.empty();
        } finally {
            lock.unlock();
        }
    }

    // --- consumer side ----------------------------------------------------------------------------

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            while (true) {
                if (available()) {
                    return true;
                }
                if (closed || (inputTotal >= 0 && delivered >= inputTotal)) {
                    return false;
                }
                if (failure != null) {
                    return true;
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean available() {
        return ordered ? byIndex.containsKey(nextToDeliver) : !inOrderOfCompletion.isEmpty();
    }

    @Override
    public Object next() {
        try {
            return take(-1);
        } catch (TimeoutException | InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next result of " + label, e);
        }
    }

    @Override
    public Object next(Duration timeout) throws TimeoutException, InterruptedException {
        return take(Math.max(0, timeout.toNanos()));
    }

    private Object take(long timeoutNanos) throws TimeoutException, InterruptedException {
        Object[] r;
        lock.lock();
        try {
            long left = timeoutNanos;
            while (!available()) {
                if (closed || (inputTotal >= 0 && delivered >= inputTotal)) {
                    throw new NoSuchElementException("no more results from " + label);
                }
                if (failure != null) {
                    throw PoolErrors.forCaller(failure);
                }
                if (timeoutNanos < 0) {
                    changed.await();
                } else {
                    if (left <= 0) {
                        throw new TimeoutException("no result from " + label + " within the timeout");
                    }
                    left = changed.awaitNanos(left);
                }
            }
            r = ordered ? byIndex.remove(nextToDeliver++) : inOrderOfCompletion.poll();
            delivered++;
        } finally {
            lock.unlock();
        }
        permits.release();
        if (r[1] != null) {
            throw PoolErrors.forCaller((Throwable) r[1]);
        }
        return r[0];
    }

    @Override
    public void close() {
        closed = true;
        cancelled = true;
        if (feeder != null) {
            feeder.interrupt();
        }
        lock.lock();
        try {
            byIndex.clear();
            inOrderOfCompletion.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        post.accept(new PoolEvent.CancelJob(this, false));
    }
}
