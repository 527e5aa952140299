package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.manager.EventProxy;
import io.multiprocessing4j.manager.Namespace;
import io.multiprocessing4j.manager.SemaphoreProxy;
import io.multiprocessing4j.manager.ValueProxy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** The objects behind the built-in managed types that have no JDK class of their own. */
final class ServerObjects {
    private ServerObjects() {
    }

    /**
     * Frees what the calling server thread holds on a thread-affine object, when its connection ends:
     * the client that took the lock is gone (or closed that connection), and nobody else can release
     * a reentrant lock owned by this thread.
     */
    static void releaseHeldByCurrentThread(Object target) {
        if (target instanceof ReentrantLock r) {
            while (r.isHeldByCurrentThread()) {
                r.unlock();
            }
        } else if (target instanceof ManagedCondition c) {
            c.releaseHeldByCurrentThread();
        }
    }

    /** Calls are serialised by the server (the type is "locked"), so plain fields suffice. */
    static final class NamespaceImpl implements Namespace {
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        @Override
        public Object get(String name) {
            return attributes.get(name);
        }

        @Override
        public void set(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public boolean has(String name) {
            return attributes.containsKey(name);
        }

        @Override
        public void remove(String name) {
            attributes.remove(name);
        }

        @Override
        public void delete(String name) {
            if (!attributes.containsKey(name)) {
                throw new java.util.NoSuchElementException("the namespace has no attribute '" + name + "' to delete");
            }
            attributes.remove(name);
        }

        @Override
        public Set<String> names() {
            return new LinkedHashSet<>(attributes.keySet());
        }

        @Override
        public Map<String, Object> asMap() {
            return new LinkedHashMap<>(attributes);
        }

        @Override
        public String toString() {
            return "Namespace" + attributes;
        }
    }

    /** Calls are serialised by the server. */
    static final class ValueImpl<T> implements ValueProxy<T> {
        private T value;

        ValueImpl(T value) {
            this.value = value;
        }

        @Override
        public T get() {
            return value;
        }

        @Override
        public void set(T value) {
            this.value = value;
        }

        @Override
        public T updateAndGet(SerializableFunction<T, T> update) {
            try {
                value = update.apply(value);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the update function threw " + e, e);
            }
            return value;
        }

        @Override
        public String toString() {
            return "Value(" + value + ")";
        }
    }

    static final class EventImpl implements EventProxy {
        private boolean flag;

        @Override
        public synchronized void set() {
            flag = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            flag = false;
        }

        @Override
        public synchronized boolean isSet() {
            return flag;
        }

        @Override
        public synchronized void await() throws InterruptedException {
            while (!flag) {
                wait();
            }
        }

        @Override
        public synchronized boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!flag) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public synchronized String toString() {
            return "Event(" + (flag ? "set" : "unset") + ")";
        }
    }

    static final class SemaphoreImpl implements SemaphoreProxy {
        private final Semaphore semaphore;
        /** The most permits a bounded semaphore may hold, or -1 when unbounded. */
        private final int bound;

        SemaphoreImpl(int permits) {
            this(permits, false);
        }

        SemaphoreImpl(int permits, boolean bounded) {
            semaphore = new Semaphore(permits);
            bound = bounded ? permits : -1;
        }

        @Override
        public void acquire() throws InterruptedException {
            semaphore.acquire();
        }

        @Override
        public boolean tryAcquire(Duration timeout) throws InterruptedException {
            return semaphore.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void release() {
            if (bound >= 0) {
                synchronized (this) { // check and release as one step, or two releases could both pass
                    if (semaphore.availablePermits() >= bound) {
                        throw new IllegalStateException("BoundedSemaphore released too many times: it already holds its "
                                + bound + " permits (Python's ValueError)");
                    }
                    semaphore.release();
                }
                return;
            }
            semaphore.release();
        }

        @Override
        public int availablePermits() {
            return semaphore.availablePermits();
        }

        @Override
        public String toString() {
            return (bound >= 0 ? "BoundedSemaphore(" : "Semaphore(") + semaphore.availablePermits() + ")";
        }
    }

    /**
     * Python's {@code Lock}: not reentrant and not owned, so any thread or process may release it;
     * a binary semaphore gives exactly that.
     */
    static final class PlainLock implements Lock {
        private final Semaphore permit = new Semaphore(1);

        @Override
        public void lock() {
            try {
                permit.acquire();
            } catch (InterruptedException e) {
                // only the server interrupts: the client that waited has gone away
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the client waiting for this lock went away", e);
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            permit.acquire();
        }

        @Override
        public boolean tryLock() {
            return permit.tryAcquire();
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return permit.tryAcquire(time, unit);
        }

        @Override
        public void unlock() {
            if (permit.availablePermits() > 0) {
                throw new IllegalMonitorStateException("release of an unlocked managed lock");
            }
            permit.release();
        }

        boolean isLocked() {
            return permit.availablePermits() == 0;
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("a managed lock has no conditions here: use manager.condition(lock)");
        }

        @Override
        public String toString() {
            return "Lock(" + (permit.availablePermits() == 0 ? "locked" : "unlocked") + ")";
        }
    }
}
