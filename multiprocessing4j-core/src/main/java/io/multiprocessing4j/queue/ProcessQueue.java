package io.multiprocessing4j.queue;

import io.multiprocessing4j.spi.ItemQueueBackend;
import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.QueueBackend;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A first-in first-out queue that any number of processes put to and take from: Python's
 * {@code multiprocessing.Queue}, as a {@link BlockingQueue}.
 *
 * <p>Get one from a context: {@code ctx.queue()} (no limit on the number of items) or
 * {@code ctx.queue(maxsize)} (a full queue blocks producers). Pass it to a child process, a pool
 * initializer or a task as you would pass any argument: it re-attaches by name there. Items are
 * serialized when put (an item that cannot be serialized fails in the putting thread, naming the
 * field that could not be written) and deserialized when taken, so the taker gets a copy.
 *
 * <p><b>Python names.</b> {@link #put(Object)}, {@link #put(Object, boolean, Duration)},
 * {@link #get()}, {@link #get(boolean, Duration)}, {@link #putNowait}, {@link #getNowait},
 * {@link #qsize()}, {@link #empty()}, {@link #full()}, {@link #close()}, {@link #joinThread()},
 * {@link #cancelJoinThread()}. The {@code BlockingQueue} methods ({@code offer}, {@code take},
 * {@code poll(timeout)}, {@code drainTo}...) work too.
 *
 * <p><b>Null.</b> As in every {@code BlockingQueue}, {@code null} items are refused with a
 * {@link NullPointerException}: end a stream with a sentinel of your own (an enum constant, a
 * record, a string), not {@code None}.
 *
 * <p><b>Closing.</b> {@link #close()} closes this handle in this process only (as in Python):
 * later calls on it throw {@link QueueClosedException}, and so do calls blocked in it. Other
 * processes keep using the queue; its shared memory is freed when the last process holding it
 * closes it or exits. A handle that is never closed is closed when the JVM exits normally. The
 * queue is {@link AutoCloseable}, so try-with-resources closes this process's handle.
 *
 * <p><b>Big items and exiting producers.</b> Items live in shared memory, not in a buffer of the
 * producer, so a producer may exit right after {@code put} and a parent may {@code join()} it before
 * taking: nothing is lost and nothing deadlocks (CPython's issue 73983). Items larger than a ring
 * slot travel through their own segment. A producer or consumer that dies in the middle of an
 * operation leaves the queue consistent: no one reads a torn item, and an item a dying consumer had
 * not finished taking stays in the queue.
 *
 * <p><b>Not supported.</b> {@link #iterator()} and so {@code contains} and {@code remove(Object)}:
 * a queue shared by processes has no stable view to walk.
 *
 * <p><b>Thread-safety.</b> Every method may be called from any thread and any process holding the
 * queue.
 *
 * @param <E> the item type
 */
public class ProcessQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Serializable, AutoCloseable {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * The queue every method delegates to: in shared memory ({@link LocalBackends#queue}) or over
     * another context's {@link QueueBackend}. Serialized through {@link #writeReplace()}.
     */
    transient final ItemQueueBackend backend;

    ProcessQueue(ItemQueueBackend backend) {
        this.backend = backend;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a queue whose items travel through
     * {@code backend}, as the cluster context's do. Applications use {@code ctx.queue()}.
     *
     * @param backend the queue to delegate to
     * @return the queue
     */
    public static <E> ProcessQueue<E> backedBy(QueueBackend backend) {
        return new ProcessQueue<>(LocalBackends.get().serializing(backend));
    }

    /**
     * Creates a queue in shared memory. Prefer {@code ctx.queue(..)}, which works in every context.
     *
     * @param maxsize the most items it holds, {@code 0} for no limit
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public static <E> ProcessQueue<E> create(int maxsize) {
        return new ProcessQueue<>(newQueue(checkMaxsize(maxsize)));
    }

    /**
     * Creates a queue with explicit sizes.
     *
     * @param maxsize the most items it holds, {@code 0} for no limit
     * @param maxItemBytes the largest serialized item it accepts; larger items are refused in {@code put}
     * @param ringBytes bytes of shared memory for items held inline, a power of two of at least 4096
     *     (the default, 8 MiB, is only touched as it is used)
     */
    public static <E> ProcessQueue<E> create(int maxsize, long maxItemBytes, long ringBytes) {
        return new ProcessQueue<>(LocalBackends.get().queue(checkMaxsize(maxsize), ringBytes, checkMaxItem(maxItemBytes)));
    }

    /** @return a queue in shared memory with the default ring and item sizes */
    static ItemQueueBackend newQueue(long maxsize) {
        LocalBackends local = LocalBackends.get();
        return local.queue(maxsize, local.defaultQueueRingBytes(), local.defaultQueueMaxItemBytes());
    }

    static long checkMaxsize(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0 means no limit), got " + maxsize);
        }
        return maxsize;
    }

    static long checkMaxItem(long maxItemBytes) {
        if (maxItemBytes <= 0 || maxItemBytes > Integer.MAX_VALUE - 64L) {
            throw new IllegalArgumentException("maxItemBytes must be between 1 and " + (Integer.MAX_VALUE - 64L)
                    + ", got " + maxItemBytes);
        }
        return maxItemBytes;
    }

    // --- Python names ------------------------------------------------------------------------------

    /**
     * Puts an item, waiting for room if the queue is bounded and full.
     *
     * @throws NullPointerException if {@code item} is null
     * @throws io.multiprocessing4j.spi.SerializationException if it cannot be serialized
     * @throws IllegalArgumentException if its serialized form exceeds the queue's maximum item size
     * @throws QueueClosedException if this handle is closed
     */
    @Override
    public void put(E item) throws InterruptedException {
        putItem(item, Long.MAX_VALUE);
    }

    /**
     * Python's {@code put(item, block, timeout)}.
     *
     * @param block {@code false} to fail at once when full
     * @param timeout the longest wait when blocking; {@code null} for no limit
     * @throws QueueFullException if there was no room in time
     */
    public void put(E item, boolean block, Duration timeout) throws InterruptedException {
        long deadline = block ? deadline(timeout) : System.nanoTime();
        if (!putItem(item, deadline)) {
            throw new QueueFullException(block ? "queue still full after " + timeout : "queue is full");
        }
    }

    /** Python's {@code put_nowait}: puts without waiting. @throws QueueFullException if full */
    public void putNowait(E item) {
        try {
            put(item, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueFullException("interrupted");
        }
    }

    /** Python's {@code get()}: takes the oldest item, waiting as long as it takes. */
    public E get() throws InterruptedException {
        return take();
    }

    /**
     * Python's {@code get(block, timeout)}.
     *
     * @param block {@code false} to fail at once when empty
     * @param timeout the longest wait when blocking; {@code null} for no limit
     * @throws QueueEmptyException if nothing arrived in time
     */
    public E get(boolean block, Duration timeout) throws InterruptedException {
        E item = takeItem(block ? deadline(timeout) : System.nanoTime());
        if (item == null) {
            throw new QueueEmptyException(block ? "nothing arrived within " + timeout : "queue is empty");
        }
        return item;
    }

    /** Python's {@code get_nowait}. @throws QueueEmptyException if empty */
    public E getNowait() {
        try {
            return get(false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueEmptyException("interrupted");
        }
    }

    /** @return the number of items now (approximate while others use the queue, as in Python) */
    public int qsize() {
        requireOpen();
        return (int) Math.min(Integer.MAX_VALUE, backend.size());
    }

    /** @return whether the queue is empty now */
    public boolean empty() {
        return qsize() == 0;
    }

    /** @return whether a bounded queue is full now; always {@code false} without a limit */
    public boolean full() {
        return maxsize() > 0 && qsize() >= maxsize();
    }

    /** @return the limit given at creation, {@code 0} for none */
    public int maxsize() {
        return (int) backend.maxsize();
    }

    /**
     * Python's {@code join_thread}: waits until everything this process put is flushed. Items are
     * written straight into shared memory by {@code put}, so there is never anything to wait for;
     * kept for porting. As in Python, call {@link #close()} first.
     *
     * @throws IllegalStateException if the handle is not closed
     */
    public void joinThread() {
        if (!isClosed()) {
            throw new IllegalStateException("call close() before joinThread(), as in Python");
        }
    }

    /**
     * Python's {@code cancel_join_thread}: a no-op here, since no feeder thread holds unsent items
     * (items are in shared memory as soon as {@code put} returns).
     */
    public void cancelJoinThread() {
    }

    /** Closes this handle in this process (see the class comment). Idempotent; never throws. */
    @Override
    public void close() {
        backend.close();
    }

    /** @return whether this handle is closed */
    public boolean isClosed() {
        return backend.isClosed();
    }

    // --- BlockingQueue -----------------------------------------------------------------------------

    @Override
    public boolean offer(E item) {
        try {
            return putItem(item, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return putItem(item, deadline(Duration.of(timeout, unit.toChronoUnit())));
    }

    @Override
    public E take() throws InterruptedException {
        return takeItem(Long.MAX_VALUE);
    }

    @Override
    public E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return takeItem(deadline(Duration.of(timeout, unit.toChronoUnit())));
    }

    @Override
    public E poll() {
        try {
            return takeItem(System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public E peek() {
        requireOpen();
        try {
            return cast(backend.peek(loader()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    @Override
    public int size() {
        return qsize();
    }

    @Override
    public int remainingCapacity() {
        return maxsize() <= 0 ? Integer.MAX_VALUE : Math.max(0, maxsize() - qsize());
    }

    @Override
    public int drainTo(Collection<? super E> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> c, int maxElements) {
        Objects.requireNonNull(c, "collection must not be null");
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int n = 0;
        E e;
        while (n < maxElements && (e = poll()) != null) {
            c.add(e);
            n++;
        }
        return n;
    }

    /** @throws UnsupportedOperationException always: a cross-process queue cannot be walked */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException("a process queue cannot be iterated (nor searched with contains or"
                + " remove(Object)); take items with poll, take or drainTo");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + backend.name()
                + (maxsize() > 0 ? ", maxsize=" + maxsize() : "") + (isClosed() ? ", closed" : "") + "]";
    }

    // --- plumbing ----------------------------------------------------------------------------------

    static long deadline(Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout
                    + " (use null for no limit)");
        }
        long n = timeout.toNanos();
        long now = System.nanoTime();
        return n >= Long.MAX_VALUE / 4 || n >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + n;
    }

    private boolean putItem(E item, long deadline) throws InterruptedException {
        if (item == null) {
            throw new NullPointerException("null items are not allowed, as in every BlockingQueue: end a stream with"
                    + " a sentinel of your own (an enum constant, a record or a string)");
        }
        requireOpen();
        try {
            return backend.put(item, deadline);
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    /** @return the oldest item, or null if none arrived before the deadline */
    private E takeItem(long deadline) throws InterruptedException {
        requireOpen();
        try {
            return cast(backend.take(deadline, loader()));
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ProcessQueue.class.getClassLoader();
    }

    @SuppressWarnings("unchecked")
    private E cast(Object item) {
        return (E) item;
    }

    RuntimeException closedOr(IllegalStateException e) {
        if (e instanceof QueueClosedException || !isClosed()) {
            return e;
        }
        return new QueueClosedException("queue is closed in this process");
    }

    void requireOpen() {
        if (isClosed()) {
            throw new QueueClosedException("queue is closed in this process");
        }
    }

    // --- serialized form: re-attach by name --------------------------------------------------------

    /** @return 0 plain, 1 joinable, 2 simple: which class the receiver builds */
    int kind() {
        return 0;
    }

    @Serial
    Object writeReplace() throws ObjectStreamException {
        if (isClosed()) {
            throw new NotSerializableException("a closed queue cannot be passed to another process");
        }
        return new SerialForm(backend, kind());
    }

    /** The backend (which re-attaches by name, or refers to the same queue of another context) and the kind. */
    record SerialForm(ItemQueueBackend backend, int kind) implements Serializable {
        @Serial
        private Object readResolve() {
            return switch (kind) {
                case 1 -> new JoinableProcessQueue<>(backend);
                case 2 -> new SimpleProcessQueue<>(backend);
                default -> new ProcessQueue<>(backend);
            };
        }
    }
}
