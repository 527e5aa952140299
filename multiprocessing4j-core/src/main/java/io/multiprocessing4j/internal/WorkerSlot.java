package io.multiprocessing4j.internal;

import io.multiprocessing4j.spi.PoolWorkerSlot;

/**
 * Which pool worker this code runs in (its id in {@code 0..workers-1}) and that worker's state:
 * what {@code io.multiprocessing4j.pool.PoolWorker} reads.
 *
 * <p>Implementation notes. A worker JVM is one pool worker for its whole life, so its slot is a
 * static field set once, before the initializer runs. A thread-context worker is a thread, so its
 * slot is a thread-local (inheritable: threads a task starts belong to the same worker). The
 * thread-local wins, so a thread pool inside a worker JVM still reports its own ids. The state
 * is written once by the worker's set-up, before its first task, on the thread that runs the
 * tasks; the field is volatile for threads a task starts.
 */
public final class WorkerSlot implements PoolWorkerSlot {
    private static final InheritableThreadLocal<WorkerSlot> THREAD = new InheritableThreadLocal<>();
    private static volatile WorkerSlot process;

    private final int id;
    private volatile Object state;
    private volatile boolean hasState;
    private volatile Object exitHook;

    private WorkerSlot(int id) {
        this.id = id;
    }

    /** Marks this whole JVM as pool worker {@code id} (a worker JVM, before its initializer). */
    public static void becomeProcess(int id) {
        process = new WorkerSlot(id);
    }

    /** Marks the calling thread as pool worker {@code id} (a thread-context worker, before its initializer). */
    public static void enterThread(int id) {
        THREAD.set(new WorkerSlot(id));
    }

    /** @return the slot of the calling code, or null outside a pool worker */
    public static WorkerSlot current() {
        WorkerSlot t = THREAD.get();
        return t != null ? t : process;
    }

    /** @return the worker id, {@code 0..workers-1} */
    @Override
    public int id() {
        return id;
    }

    /** Stores the worker's state (from the pool's {@code workerState} supplier). */
    public void state(Object value) {
        this.state = value;
        this.hasState = true;
    }

    /** @return whether a state was stored */
    @Override
    public boolean hasState() {
        return hasState;
    }

    /** @return the stored state */
    @Override
    public Object state() {
        return state;
    }

    /** Stores the pool's {@code workerExit} hook, a {@code SerializableFunction} of the state. */
    public void exitHook(Object hook) {
        this.exitHook = hook;
    }

    /** @return the pool's {@code workerExit} hook, or null */
    public Object exitHook() {
        return exitHook;
    }

    /**
     * Runs the {@code workerExit} hook, if any, on the worker's state.
     *
     * @return null without a hook; else {@code [Boolean ok, value or Throwable]}
     */
    @SuppressWarnings("unchecked")
    public Object[] runExitHook() {
        Object hook = exitHook;
        if (hook == null) {
            return null;
        }
        try {
            return new Object[]{true, ((io.multiprocessing4j.function.SerializableFunction<Object, Object>) hook).apply(state)};
        } catch (Throwable t) {
            return new Object[]{false, t};
        }
    }
}
