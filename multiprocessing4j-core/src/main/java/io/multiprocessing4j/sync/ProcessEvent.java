package io.multiprocessing4j.sync;

import io.multiprocessing4j.spi.EventBackend;
import io.multiprocessing4j.spi.LocalBackends;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code multiprocessing.Event}: a flag that processes wait for. {@link #set()} wakes
 * every waiter; {@link #clear()} resets it. The wait is called {@code await} because
 * {@code Object.wait} is final.
 *
 * <p><b>Owner death.</b> An event has no owner: a process that dies while waiting or after
 * setting it changes nothing for the others.
 *
 * <p>Thread-safe, {@code Serializable} (re-attaches by name). Obtain one from {@code ctx.event()}
 * or {@link #create()}.
 */
public final class ProcessEvent implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    /** The flag every method delegates to: in shared memory, or another context's (serialized with it). */
    private final EventBackend backend;

    private ProcessEvent(EventBackend backend) {
        this.name = backend.name();
        this.backend = backend;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): an event whose every method
     * delegates to {@code backend}, as the cluster context's do. Applications use {@code ctx.event()}.
     *
     * @param backend the event to delegate to
     * @return the event
     */
    public static ProcessEvent backedBy(EventBackend backend) {
        return new ProcessEvent(java.util.Objects.requireNonNull(backend, "backend"));
    }

    /** @return a new event, not set */
    public static ProcessEvent create() {
        return new ProcessEvent(LocalBackends.get().event());
    }

    /** @return whether the flag is set (Python's {@code is_set()}) */
    public boolean isSet() {
        return backend.isSet();
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        backend.set();
    }

    /** Resets the flag. */
    public void clear() {
        backend.clear();
    }

    /** Waits until the flag is set. */
    public void await() throws InterruptedException {
        awaitUntil(Deadlines.FOREVER);
    }

    /** @return whether the flag is set, after waiting at most the timeout (Python's {@code wait(timeout)}) */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitUntil(Deadlines.after(Math.max(timeout, 0), unit));
    }

    /** As {@link #await(long, TimeUnit)}. */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private boolean awaitUntil(long deadline) throws InterruptedException {
        return backend.await(deadline);
    }

    public String name() {
        return name;
    }

    /** Releases this process's use of the event; it is unlinked once no live process uses it. */
    @Override
    public void close() {
        backend.close();
    }

    @Serial
    private Object readResolve() {
        return new ProcessEvent(backend);
    }

    @Override
    public String toString() {
        return "ProcessEvent[" + name + (isSet() ? ", set]" : "]");
    }
}
