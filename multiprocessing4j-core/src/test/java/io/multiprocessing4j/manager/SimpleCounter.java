package io.multiprocessing4j.manager;

/** The server-side implementation behind {@link Counter} in the tests. */
public final class SimpleCounter implements Counter {
    private int n;

    @Override
    public synchronized int increment() {
        return ++n;
    }

    @Override
    public synchronized int value() {
        return n;
    }
}
