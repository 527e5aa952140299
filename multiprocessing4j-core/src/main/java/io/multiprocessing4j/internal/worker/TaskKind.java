package io.multiprocessing4j.internal.worker;

/** How a pool task applies its function to its argument bytes. */
public final class TaskKind {
    private TaskKind() {
    }

    /** {@code SerializableFunction.apply(arg)}. */
    public static final byte FUNCTION = 0;
    /** {@code SerializableBiFunction.apply(a, b)}; the argument is a two-element {@code Object[]} or list. */
    public static final byte BI_FUNCTION = 1;
    /** {@code SerializableCallable.call()}; no argument. */
    public static final byte CALLABLE = 2;
    /** {@code SerializableRunnable.run()}; no argument, result null. */
    public static final byte RUNNABLE = 3;
}
