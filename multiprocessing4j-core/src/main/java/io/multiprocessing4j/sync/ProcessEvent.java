package io.multiprocessing4j.sync;

import io.multiprocessing4j.internal.ipc.Futex;
import io.multiprocessing4j.internal.ipc.Handles;
import io.multiprocessing4j.internal.ipc.ShmFile;
import io.multiprocessing4j.internal.ipc.Waiting;
import io.multiprocessing4j.spi.EventBackend;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
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
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long FLAG = 0;
    private static final long WAITERS = 4;

    private final String name;
    private final transient ShmFile file;
    private final transient MemorySegment seg;
    /** Null for an event in shared memory; else the context's event it delegates to. */
    private final EventBackend backend;

    private ProcessEvent(ShmFile file) {
        this.name = file.name();
        this.file = file;
        this.seg = file.segment();
        this.backend = null;
    }

    private ProcessEvent(EventBackend backend) {
        this.name = backend.name();
        this.file = null;
        this.seg = null;
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
        return new ProcessEvent(Handles.create(64));
    }

    /** @return whether the flag is set (Python's {@code is_set()}) */
    public boolean isSet() {
        if (backend != null) {
            return backend.isSet();
        }
        return (int) INT.getVolatile(seg, FLAG) != 0;
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        if (backend != null) {
            backend.set();
            return;
        }
        INT.setVolatile(seg, FLAG, 1);
        if ((int) INT.getVolatile(seg, WAITERS) > 0) {
            Futex.wakeAll(seg, FLAG);
        }
    }

    /** Resets the flag. */
    public void clear() {
        if (backend != null) {
            backend.clear();
            return;
        }
        INT.setVolatile(seg, FLAG, 0);
    }

    /** Waits until the flag is set. */
    public void await() throws InterruptedException {
        awaitUntil(Waiting.FOREVER);
    }

    /** @return whether the flag is set, after waiting at most the timeout (Python's {@code wait(timeout)}) */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitUntil(Waiting.deadline(Math.max(timeout, 0), unit));
    }

    /** As {@link #await(long, TimeUnit)}. */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private boolean awaitUntil(long deadline) throws InterruptedException {
        if (backend != null) {
            return backend.await(deadline);
        }
        if (isSet() || Waiting.spinWhile(seg, FLAG, 0)) {
            return true;
        }
        INT.getAndAdd(seg, WAITERS, 1);
        try {
            while (!isSet()) {
                Waiting.checkInterrupt();
                if (deadline != Waiting.FOREVER && System.nanoTime() - deadline >= 0) {
                    return false;
                }
                Waiting.sleepSlice(seg, FLAG, 0, deadline);
            }
            return true;
        } finally {
            INT.getAndAdd(seg, WAITERS, -1);
        }
    }

    public String name() {
        return name;
    }

    /** Releases this process's use of the event; it is unlinked once no live process uses it. */
    @Override
    public void close() {
        if (backend != null) {
            backend.close();
            return;
        }
        Handles.release(file);
    }

    @Serial
    private Object readResolve() {
        if (backend != null) {
            return new ProcessEvent(backend);
        }
        return new ProcessEvent(Handles.attach(name));
    }

    @Override
    public String toString() {
        return "ProcessEvent[" + name + (isSet() ? ", set]" : "]");
    }
}
