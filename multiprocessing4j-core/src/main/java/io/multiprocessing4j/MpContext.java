package io.multiprocessing4j;

import io.multiprocessing4j.function.SerializableBiConsumer;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableTriConsumer;
import io.multiprocessing4j.function.SerializableVarargsConsumer;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.ProcessPoolExecutor;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.JoinableProcessQueue;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.queue.SimpleProcessQueue;

import java.util.List;

/**
 * A way of running processes, and the factory of every object that works across them: Python's
 * {@code multiprocessing.get_context(name)}.
 *
 * <p>Contexts are named: {@code "spawn"} (the default: each process is a worker JVM) and
 * {@code "thread"} (the same API on threads of this JVM, like {@code multiprocessing.dummy}: for
 * I/O-bound work and for debugging a program in one process first). A program written against
 * {@code MpContext} runs on either by changing one line.
 *
 * <p>Contexts are long-lived, thread-safe singletons obtained from {@link Multiprocessing#context(String)}.
 */
public interface MpContext {

    /** @return the context's name: {@code "spawn"} or {@code "thread"} */
    String name();

    /**
     * Creates a child process, not yet started, that runs {@code target}.
     *
     * @param target what the child runs
     * @return the unstarted process
     * @throws NullPointerException if {@code target} is null
     */
    ChildProcess process(SerializableRunnable target);

    /**
     * Creates a child process, not yet started, that runs {@code target.accept(argument)}.
     *
     * @param target what the child runs
     * @param argument the argument; serialized at {@code start()}
     * @param <A> the argument type
     * @return the unstarted process
     * @throws NullPointerException if {@code target} is null
     */
    <A> ChildProcess process(SerializableConsumer<A> target, A argument);

    /**
     * Creates a child process, not yet started, that runs {@code target.accept(first, second)}:
     * Python's {@code Process(target=f, args=(a, b))}.
     *
     * @param target what the child runs
     * @param first the first argument; serialized at {@code start()}
     * @param second the second argument; serialized at {@code start()}
     * @return the unstarted process
     * @throws NullPointerException if {@code target} is null
     */
    default <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A first, B second) {
        java.util.Objects.requireNonNull(target, "target must not be null");
        return process(() -> target.accept(first, second));
    }

    /**
     * Creates a child process, not yet started, that runs {@code target.accept(first, second, third)}:
     * Python's {@code Process(target=f, args=(a, b, c))}.
     *
     * @param target what the child runs
     * @param first the first argument; serialized at {@code start()}
     * @param second the second argument; serialized at {@code start()}
     * @param third the third argument; serialized at {@code start()}
     * @return the unstarted process
     * @throws NullPointerException if {@code target} is null
     */
    default <A, B, C> ChildProcess process(SerializableTriConsumer<A, B, C> target, A first, B second, C third) {
        java.util.Objects.requireNonNull(target, "target must not be null");
        return process(() -> target.accept(first, second, third));
    }

    /**
     * Creates a child process, not yet started, that runs {@code target.accept(arguments)}: Python's
     * {@code Process(target=f, args=(a, b, c, d, ...))} for any number of arguments. With one to three
     * arguments the typed forms above are chosen first; this form is for four or more (or for an
     * {@code Object[]} built at run time).
     *
     * @param target what the child runs; it receives the arguments in the order given
     * @param arguments the arguments; serialized at {@code start()}
     * @return the unstarted process
     * @throws NullPointerException if {@code target} or the {@code arguments} array is null
     */
    // A one-argument call matches the typed (target, argument) form too; javac picks that one, which
    // is what this overload's contract says ("the typed forms above are chosen first").
    @SuppressWarnings("overloads")
    default ChildProcess process(SerializableVarargsConsumer target, Object... arguments) {
        java.util.Objects.requireNonNull(target, "target must not be null");
        java.util.Objects.requireNonNull(arguments, "arguments must not be null: pass new Object[0] for none");
        Object[] copy = arguments.clone();
        return process(() -> target.accept(copy));
    }

    /**
     * Creates a child process, not yet started, that runs {@code task.run()}: the class form of a
     * target, Python's {@code class Worker(Process): def run(self)}. The task's fields travel as its
     * state; see {@link io.multiprocessing4j.process.ProcessTask}.
     *
     * @param task what the child runs
     * @return the unstarted process
     * @throws NullPointerException if {@code task} is null
     */
    default ChildProcess process(io.multiprocessing4j.process.ProcessTask task) {
        java.util.Objects.requireNonNull(task, "target must not be null");
        return process((SerializableRunnable) task);
    }

    /** @return the children started from this context in this process that are still alive */
    List<ChildProcess> activeChildren();

    /**
     * Sets how many warm spare worker JVMs this context keeps ready, so that {@code start()} and pool
     * growth hand work to an already-running JVM in well under a millisecond (the role of a fork
     * server). A spare serves only requests with the default JVM options and environment. The spawn
     * context keeps {@code min(2, cores)} spares from its first start on ({@code -Dmp4j.spareWorkers}
     * changes the default), starting them in the background one at a time while a core is idle and
     * stopping them after {@code -Dmp4j.spareIdleSeconds} (60) without a request; {@code 0} turns
     * them off. Ignored by the thread context.
     *
     * @param count how many spares to keep, {@code 0} to keep none
     * @return this
     * @throws IllegalArgumentException if {@code count} is negative
     */
    MpContext spareWorkers(int count);

    /**
     * Whether worker JVMs started from now on inherit the system properties given on this JVM's
     * command line ({@code -Dname=value}); on by default, as Python's spawn hands a child its
     * parent's settings. Off, a worker sees only the properties the library passes and those in
     * the pool's or process's own JVM options. The environment and the working directory are
     * inherited either way; other JVM options ({@code -Xmx}, agents) never are. The default can
     * also be set with {@code -Dmp4j.inheritSystemProperties=false}. Ignored by the thread context,
     * whose workers are this JVM. See docs/pool.md, "What a worker inherits".
     *
     * @param inherit false to start workers without the parent's command-line properties
     * @return this
     */
    default MpContext inheritSystemProperties(boolean inherit) {
        return this;
    }

    /**
     * Blocks until the configured number of warm spares is ready (or has failed to start).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitSpares() throws InterruptedException;

    /**
     * Makes sure worker JVMs of this class path start from a trained start-up cache (the JDK's AOT
     * cache), training it now, in a separate JVM, if this is the first time, and waits for it. Workers
     * train the cache in the background on first use anyway; call this before measuring cold starts,
     * or at deployment time. The thread context has nothing to prepare.
     *
     * @return {@code true} if workers start from a cache; {@code false} when this class path cannot
     *         have one (it holds class directories, as in tests and IDEs) or caching is turned off
     *         ({@code -Dmp4j.aot=false}), or in the thread context
     * @throws InterruptedException if interrupted while waiting
     */
    default boolean awaitStartupCache() throws InterruptedException {
        return false;
    }

    /**
     * Starts a pool of {@code workers} workers in this context: Python's {@code ctx.Pool(n)}. For more
     * options use {@code Pool.builder().context(ctx)}.
     *
     * @param workers the number of workers, at least 1
     * @return the running pool; close it (try-with-resources) when done
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    default Pool pool(int workers) {
        return Pool.builder().context(this).workers(workers).build();
    }

    /** @return a pool with one worker per CPU, like Python's {@code Pool()} */
    default Pool pool() {
        return Pool.builder().context(this).build();
    }

    /**
     * Starts a {@code concurrent.futures.ProcessPoolExecutor} twin with {@code workers} workers in
     * this context.
     *
     * @param workers the number of workers, at least 1
     * @return the executor; shut it down (or close it) when done
     */
    default ProcessPoolExecutor processPoolExecutor(int workers) {
        return ProcessPoolExecutor.of(Pool.builder().context(this).workers(workers));
    }

    // ---- shared memory, shared values and synchronisation (io.multiprocessing4j.shared / .sync) ----

    /** Python's {@code SharedMemory(create=True, size=size)}: a new named block; see {@link io.multiprocessing4j.shared.SharedMemory}. */
    io.multiprocessing4j.shared.SharedMemory sharedMemory(long size);

    /** Python's {@code ShareableList(values)}; see {@link io.multiprocessing4j.shared.ShareableList}. */
    io.multiprocessing4j.shared.ShareableList shareableList(java.util.Collection<?> values);

    /** Python's {@code Value('i', initial)}: a shared int with a lock and atomic updates. */
    io.multiprocessing4j.shared.SharedInt sharedInt(int initial);

    /** Python's {@code Value('q', initial)}: a shared long with a lock and atomic updates. */
    io.multiprocessing4j.shared.SharedLong sharedLong(long initial);

    /** Python's {@code Value('d', initial)}: a shared double with a lock and atomic updates. */
    io.multiprocessing4j.shared.SharedDouble sharedDouble(double initial);

    /** Python's {@code RawValue('i', initial)}: a shared int without a lock. */
    io.multiprocessing4j.shared.SharedInt rawSharedInt(int initial);

    /** Python's {@code RawValue('q', initial)}: a shared long without a lock. */
    io.multiprocessing4j.shared.SharedLong rawSharedLong(long initial);

    /** Python's {@code RawValue('d', initial)}: a shared double without a lock. */
    io.multiprocessing4j.shared.SharedDouble rawSharedDouble(double initial);

    /** Python's {@code Array('i', length)}: a zero-filled shared int array with a lock. */
    io.multiprocessing4j.shared.SharedIntArray sharedIntArray(int length);

    /** Python's {@code Array('q', length)}: a zero-filled shared long array with a lock. */
    io.multiprocessing4j.shared.SharedLongArray sharedLongArray(int length);

    /** Python's {@code Array('d', length)}: a zero-filled shared double array with a lock. */
    io.multiprocessing4j.shared.SharedDoubleArray sharedDoubleArray(int length);

    /** Python's {@code Array('b', length)}: a zero-filled shared byte array with a lock. */
    io.multiprocessing4j.shared.SharedByteArray sharedByteArray(int length);

    /** Python's {@code RawArray('i', length)}: a zero-filled shared int array without a lock. */
    io.multiprocessing4j.shared.SharedIntArray rawSharedIntArray(int length);

    /** Python's {@code RawArray('q', length)}. */
    io.multiprocessing4j.shared.SharedLongArray rawSharedLongArray(int length);

    /** Python's {@code RawArray('d', length)}. */
    io.multiprocessing4j.shared.SharedDoubleArray rawSharedDoubleArray(int length);

    /** Python's {@code RawArray('b', length)}. */
    io.multiprocessing4j.shared.SharedByteArray rawSharedByteArray(int length);

    /** Python's {@code Value('f', initial)}: a shared float with a lock and atomic updates. */
    io.multiprocessing4j.shared.SharedFloat sharedFloat(float initial);

    /** Python's {@code RawValue('f', initial)}: a shared float without a lock. */
    io.multiprocessing4j.shared.SharedFloat rawSharedFloat(float initial);

    /**
     * Python's {@code Value('h', initial)}, and {@code Value('H', initial)} read with
     * {@link io.multiprocessing4j.shared.SharedShort#getUnsigned()}: a shared 16-bit integer with a lock.
     */
    io.multiprocessing4j.shared.SharedShort sharedShort(short initial);

    /** Python's {@code RawValue('h', initial)} (and {@code 'H'}): a shared 16-bit integer without a lock. */
    io.multiprocessing4j.shared.SharedShort rawSharedShort(short initial);

    /**
     * Python's {@code Value('b', initial)}, {@code Value('B', initial)} (read with
     * {@link io.multiprocessing4j.shared.SharedByte#getUnsigned()}) and {@code Value('c', b'x')}: a
     * shared byte with a lock.
     */
    io.multiprocessing4j.shared.SharedByte sharedByte(byte initial);

    /** Python's {@code RawValue('b', initial)} (and {@code 'B'}, {@code 'c'}): a shared byte without a lock. */
    io.multiprocessing4j.shared.SharedByte rawSharedByte(byte initial);

    /** Python's {@code Value('?', initial)}: a shared boolean with a lock. */
    io.multiprocessing4j.shared.SharedBoolean sharedBoolean(boolean initial);

    /** Python's {@code RawValue('?', initial)}: a shared boolean without a lock. */
    io.multiprocessing4j.shared.SharedBoolean rawSharedBoolean(boolean initial);

    /** Python's {@code Array('f', length)}: a zero-filled shared float array with a lock. */
    io.multiprocessing4j.shared.SharedFloatArray sharedFloatArray(int length);

    /** Python's {@code RawArray('f', length)}. */
    io.multiprocessing4j.shared.SharedFloatArray rawSharedFloatArray(int length);

    /** Python's {@code Array('h', length)} and {@code Array('H', length)}: a zero-filled shared 16-bit array with a lock. */
    io.multiprocessing4j.shared.SharedShortArray sharedShortArray(int length);

    /** Python's {@code RawArray('h', length)} (and {@code 'H'}). */
    io.multiprocessing4j.shared.SharedShortArray rawSharedShortArray(int length);

    /** Python's {@code Array('?', length)}: a shared boolean array, all false, with a lock. */
    io.multiprocessing4j.shared.SharedBooleanArray sharedBooleanArray(int length);

    /** Python's {@code RawArray('?', length)}. */
    io.multiprocessing4j.shared.SharedBooleanArray rawSharedBooleanArray(int length);

    /** Python's {@code Array('c', length)}: a zero-filled shared string buffer with a lock ({@code value}/{@code raw}). */
    io.multiprocessing4j.shared.SharedCharArray sharedCharArray(int length);

    /** Python's {@code Array('c', b'...')}: a shared string buffer holding the UTF-8 bytes of {@code initial}, exactly as long. */
    io.multiprocessing4j.shared.SharedCharArray sharedCharArray(String initial);

    /** Python's {@code RawArray('c', length)}. */
    io.multiprocessing4j.shared.SharedCharArray rawSharedCharArray(int length);

    /**
     * Python's {@code sharedctypes.Value(MyStructure)}: a zero-filled shared struct laid out as
     * {@code layout}, with a lock; see {@link io.multiprocessing4j.shared.SharedStruct}.
     */
    io.multiprocessing4j.shared.SharedStruct sharedStruct(java.lang.foreign.StructLayout layout);

    /** Python's {@code RawValue(MyStructure)}: a shared struct without a lock. */
    io.multiprocessing4j.shared.SharedStruct rawSharedStruct(java.lang.foreign.StructLayout layout);

    /**
     * A shared struct mapped field by field from a record of primitives, holding {@code initial},
     * with a lock; see {@link io.multiprocessing4j.shared.SharedRecord}.
     */
    <R extends Record> io.multiprocessing4j.shared.SharedRecord<R> sharedRecord(R initial);

    /** Python's {@code Lock()}: see {@link io.multiprocessing4j.sync.ProcessLock}. */
    io.multiprocessing4j.sync.ProcessLock lock();

    /** Python's {@code RLock()}: see {@link io.multiprocessing4j.sync.ProcessRLock}. */
    io.multiprocessing4j.sync.ProcessRLock rlock();

    /** Python's {@code Semaphore(permits)}: see {@link io.multiprocessing4j.sync.ProcessSemaphore}. */
    io.multiprocessing4j.sync.ProcessSemaphore semaphore(int permits);

    /** Python's {@code BoundedSemaphore(permits)}: a semaphore that refuses releases beyond {@code permits}. */
    io.multiprocessing4j.sync.ProcessSemaphore boundedSemaphore(int permits);

    /** Python's {@code Condition()}: a condition over a new re-entrant lock. */
    io.multiprocessing4j.sync.ProcessCondition condition();

    /** Python's {@code Condition(lock)}: a condition over {@code lock}, a {@code ProcessLock} or {@code ProcessRLock}. */
    io.multiprocessing4j.sync.ProcessCondition condition(java.util.concurrent.locks.Lock lock);

    /** Python's {@code Event()}: see {@link io.multiprocessing4j.sync.ProcessEvent}. */
    io.multiprocessing4j.sync.ProcessEvent event();

    /** Python's {@code Barrier(parties)}: see {@link io.multiprocessing4j.sync.ProcessBarrier}. */
    io.multiprocessing4j.sync.ProcessBarrier barrier(int parties);

    /** Python's {@code Barrier(parties, action)}: {@code action} runs in the last party to arrive each round. */
    io.multiprocessing4j.sync.ProcessBarrier barrier(int parties, io.multiprocessing4j.function.SerializableRunnable action);

    /**
     * Creates a queue without a limit on the number of items: Python's {@code ctx.Queue()}.
     *
     * @param <E> the item type
     * @return a queue this process holds; pass it to children as an argument
     */
    <E> ProcessQueue<E> queue();

    /**
     * Creates a bounded queue: Python's {@code ctx.Queue(maxsize)}; {@code put} blocks while it holds
     * {@code maxsize} items.
     *
     * @param maxsize the most items it holds, {@code 0} for no limit
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    <E> ProcessQueue<E> queue(int maxsize);

    /** Creates a queue with task counting: Python's {@code ctx.JoinableQueue()}. */
    <E> JoinableProcessQueue<E> joinableQueue();

    /** Creates a bounded queue with task counting: Python's {@code ctx.JoinableQueue(maxsize)}. */
    <E> JoinableProcessQueue<E> joinableQueue(int maxsize);

    /** Creates a plain unbounded queue: Python's {@code ctx.SimpleQueue()}. */
    <E> SimpleProcessQueue<E> simpleQueue();

    /**
     * Creates a pipe: Python's {@code ctx.Pipe(duplex)}.
     *
     * @param duplex {@code true} for two-way; {@code false}: the left end only receives, the right only sends
     */
    Pipe pipe(boolean duplex);

    /**
     * Starts a manager server and returns a client of it: Python's {@code ctx.Manager()}. In the
     * spawn context the server is a worker JVM (a warm spare makes this fast); in the thread context
     * it runs on threads of this JVM. Close the manager to stop the server.
     *
     * @return the running manager
     * @throws IllegalStateException if the server could not start (the message says why)
     */
    Manager manager();
}
