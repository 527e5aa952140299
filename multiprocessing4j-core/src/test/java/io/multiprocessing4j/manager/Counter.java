package io.multiprocessing4j.manager;

/** A user interface registered on managers by the tests. */
public interface Counter {
    int increment();

    int value();

    default int incrementTwice() {
        increment();
        return increment();
    }
}
