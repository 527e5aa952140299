package io.multiprocessing4j.shared;

import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A record of primitives kept in shared memory, field by field: the Java spelling of a
 * {@code sharedctypes} {@code Value(MyStructure)} whose structure is declared as a record.
 *
 * <pre>{@code
 * record Stats(long count, double sum, int maxLen) {}
 * SharedRecord<Stats> stats = ctx.sharedRecord(new Stats(0, 0, 0));
 * ctx.process(s -> s.update(v -> new Stats(v.count() + 1, v.sum() + 2.5, 7)), stats).start();
 * Stats now = stats.get();
 * }</pre>
 *
 * <p>The contract:
 * <ul>
 * <li>The record's components must all be primitives ({@code boolean byte char short int long float
 *     double}); anything else is refused with {@link IllegalArgumentException} at creation. They are
 *     laid out in declaration order, each named after its component and naturally aligned as a C
 *     compiler would pad them ({@link #struct()} shows the {@link java.lang.foreign.StructLayout}).</li>
 * <li>{@link #get()} builds a new record from the shared fields (through its canonical constructor,
 *     so a constructor that validates may refuse what it reads); {@link #set} writes every field. On
 *     a synchronized record ({@code ctx.sharedRecord(..)}) both hold {@link #getLock()} so that a reader
 *     never sees half of a write; on a raw one ({@link #createRaw}) they do not, and a concurrent
 *     {@code get} may mix two writes. {@link #update} is an atomic read-modify-write under the lock.</li>
 * <li>Single fields are read and written through {@link #struct()} ({@code struct().getInt("count")},
 *     {@code struct().addAndGetLong("count", 1)}), with {@link SharedStruct}'s guarantees.</li>
 * <li>Another process must have the same record class (as it has the code of a task); the record
 *     is reflected on, so a record that is not public must be in a package open to this library (the
 *     class path is).</li>
 * </ul>
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name. The memory
 * is unlinked once no live process uses it (see {@link #close()}).
 *
 * @param <R> the record type
 */
public final class SharedRecord<R extends Record> implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Class<R> type;
    private final SharedStruct struct;

    private SharedRecord(Class<R> type, SharedStruct struct) {
        this.type = type;
        this.struct = struct;
    }

    /**
     * @param initial the first value; its class is the record type
     * @return a new shared record holding {@code initial}, with its own lock
     * @throws IllegalArgumentException if a component is not a primitive
     */
    public static <R extends Record> SharedRecord<R> create(R initial) {
        return create(initial, true);
    }

    /** @return a new shared record holding {@code initial}, without a lock: {@link #get()} and {@link #set} may interleave */
    public static <R extends Record> SharedRecord<R> createRaw(R initial) {
        return create(initial, false);
    }

    @SuppressWarnings("unchecked")
    private static <R extends Record> SharedRecord<R> create(R initial, boolean withLock) {
        Objects.requireNonNull(initial, "initial must not be null: the record type is taken from it");
        Class<R> type = (Class<R>) initial.getClass();
        RecordLayouts.Plan plan = RecordLayouts.of(type);
        SharedRecord<R> r = new SharedRecord<>(type, SharedStruct.create(plan.layout(), withLock));
        r.set(initial);
        return r;
    }

    /** @return the record type */
    public Class<R> recordType() {
        return type;
    }

    /** @return the struct under this record, for reading and updating single fields by component name */
    public SharedStruct struct() {
        return struct;
    }

    /** @return a new record holding the current values (Python's {@code .value} of a structure) */
    public R get() {
        RecordLayouts.Plan plan = RecordLayouts.of(type);
        Object[] values = new Object[plan.names().size()];
        lock();
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = struct.get(plan.names().get(i));
            }
        } finally {
            unlock();
        }
        return type.cast(plan.construct(values));
    }

    /** Writes every component of {@code value} to the shared fields. */
    public void set(R value) {
        Objects.requireNonNull(value, "value must not be null");
        RecordLayouts.Plan plan = RecordLayouts.of(type);
        Object[] values = new Object[plan.names().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = plan.component(value, i);
        }
        lock();
        try {
            for (int i = 0; i < values.length; i++) {
                struct.set(plan.names().get(i), values[i]);
            }
        } finally {
            unlock();
        }
    }

    /**
     * Atomically replaces the value with {@code fn} applied to it, holding {@link #getLock()}.
     *
     * @return the new value
     * @throws UnsupportedOperationException on a raw record, which has no lock
     */
    public R update(UnaryOperator<R> fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        ProcessRLock l = getLock();
        l.lock();
        try {
            R next = fn.apply(get());
            set(next);
            return next;
        } finally {
            l.unlock();
        }
    }

    /**
     * @return the lock that guards whole-record reads and writes (Python's {@code get_lock()})
     * @throws UnsupportedOperationException for a raw record, which has none
     */
    public ProcessRLock getLock() {
        return struct.getLock();
    }

    /** @return whether it has a lock */
    public boolean isSynchronized() {
        return struct.isSynchronized();
    }

    /** @return the name of the shared memory, the same in every process */
    public String name() {
        return struct.name();
    }

    private void lock() {
        if (struct.isSynchronized()) {
            struct.getLock().lock();
        }
    }

    private void unlock() {
        if (struct.isSynchronized()) {
            struct.getLock().unlock();
        }
    }

    /** Releases this process's use of the memory (and its lock); unlinked once no live process uses it. */
    @Override
    public void close() {
        struct.close();
    }

    @Override
    public String toString() {
        return "SharedRecord<" + type.getSimpleName() + ">[" + struct.name() + "]";
    }
}
