package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.function.SerializableBiFunction;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.internal.WorkerSlot;
import io.multiprocessing4j.pool.PoolWorker;

/**
 * A pool's initializer followed by the creation of its worker state, as one initializer: the
 * workers run it as they run any initializer, so a state supplier that throws fails the pool as a
 * failing initializer does ({@code InitializerFailedException}).
 *
 * @param initializer the user's initializer without argument, or null
 * @param initializerWithArg the user's initializer with an argument, or null
 * @param argument that argument
 * @param state the worker-state supplier, or null
 * @param exitHook the {@code workerExit} hook, or null
 */
record WorkerSetup(SerializableRunnable initializer, SerializableConsumer<Object> initializerWithArg, Object argument,
                   SerializableSupplier<?> state, SerializableFunction<?, ?> exitHook) implements SerializableRunnable {

    @Override
    public void run() throws Exception {
        if (initializer != null) {
            initializer.run();
        } else if (initializerWithArg != null) {
            initializerWithArg.accept(argument);
        }
        WorkerSlot slot = WorkerSlot.current();
        if (slot == null) {
            throw new IllegalStateException("worker state set-up ran outside a pool worker");
        }
        if (state != null) {
            slot.state(state.get());
        }
        slot.exitHook(exitHook);
    }

    /** {@code mapWithState}'s function: the worker's state and the item. */
    record WithState<S, T, R>(SerializableBiFunction<? super S, ? super T, ? extends R> function)
            implements SerializableFunction<T, R> {
        @Override
        public R apply(T item) throws Exception {
            return function.apply(PoolWorker.<S>state(), item);
        }
    }
}
