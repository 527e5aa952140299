package io.multiprocessing4j.internal.wire;

/** How a pool task applies its function to its argument bytes. */
public final class TaskKind {
    private TaskKind() {
    }

    /** {@code SerializableFunction.apply(arg)}. */
    public static final byte FUNCTION = 0;
    /** {@code SerializableBiFunction.apply(a, b)}; the argument is a two-element list. */
    public static final byte BI_FUNCTION = 1;
    /** The item is a {@code SerializableCallable}; its result is the call's. */
    public static final byte CALLABLE = 2;
    /** The item is a {@code SerializableRunnable}; its result is null. */
    public static final byte RUNNABLE = 3;
}
