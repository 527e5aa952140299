package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.pool.Outcome;
import io.multiprocessing4j.pool.ProgressListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * A call whose items are all known when it is made: {@code map}, {@code starmap},
 * {@code mapOutcomes}, {@code apply}, {@code submit}.
 *
 * <p>Implementation notes. Items are serialized in the constructor, which runs in the caller's
 * thread: an argument that cannot travel fails there, naming its field path, before any of the
 * call reaches a worker. In {@link Mode#LIST} the first failed item fails the call and the
 * remaining items are dropped; in {@link Mode#OUTCOMES} every item runs and reports.
 */
final class ListJob extends Job {
    enum Mode { LIST, OUTCOMES, SINGLE }

    private final Mode mode;
    private final Object[] originals;
    private final EncodedItems encoded;
    private final Object[] values;
    /** Allocated at the first failure: most jobs have none, and a million-item job would carry 4 MB of nulls. */
    private Throwable[] errors;
    private final AsyncResultImpl<Object> result;
    private int next;
    private boolean completed;

    @SuppressWarnings("unchecked")
    ListJob(String label, FunctionRef function, byte kind, Object[] items, boolean serialize, int chunksize, Mode mode,
            AsyncResultImpl<?> result, ProgressListener progress, java.util.concurrent.Executor progressExecutor) {
        super(label, function, kind, chunksize, progress, progressExecutor);
        this.mode = mode;
        this.originals = items; // the caller's items, copied once by PoolImpl: this job owns the array
        EncodedItems column = serialize ? EncodedItems.column(originals) : null;
        if (column != null) {
            this.encoded = column;
        } else if (serialize) {
            EncodedItems.Builder packed = new EncodedItems.Builder(originals.length);
            try (var _ = CodeShip.scope()) {
            for (int i = 0; i < originals.length; i++) {
                if (packed.addScalar(originals[i])) {
                    continue;
                }
                try {
                    byte[] item = CodeShip.serialize(originals[i]);
                    if (item.length + 1L > io.multiprocessing4j.internal.wire.FrameChannel.MAX_FRAME_BYTES) {
                        throw new io.multiprocessing4j.connection.FrameTooLargeException(label + " item " + i
                                + " (serialized)", item.length, io.multiprocessing4j.internal.wire.FrameChannel.MAX_FRAME_BYTES);
                    }
                    packed.add(item);
                } catch (io.multiprocessing4j.spi.SerializationException e) {
                    throw new io.multiprocessing4j.spi.SerializationException(label + " item " + i + ": " + e.getMessage(), e);
                }
            }
            }
            this.encoded = packed.build();
        } else {
            this.encoded = null;
        }
        this.values = new Object[originals.length];
        this.result = (AsyncResultImpl<Object>) result;
        if (originals.length == 0) {
            complete();
        }
    }

    /** Wraps starmap pairs so both sides see a two-element list. */
    static List<Object> pairs(Iterable<? extends java.util.Map.Entry<?, ?>> entries) {
        List<Object> out = new ArrayList<>();
        for (java.util.Map.Entry<?, ?> e : entries) {
            if (e == null) {
                throw new NullPointerException("starmap pairs must not contain null entries");
            }
            out.add(Arrays.asList(e.getKey(), e.getValue()));
        }
        return out;
    }

    AsyncResultImpl<Object> result() {
        return result;
    }

    @Override
    boolean hasInput() {
        return !completed && !cancelled && next < originals.length;
    }

    @Override
    Chunk nextChunk(long chunkId, int max) {
        if (!hasInput()) {
            return null;
        }
        int to = Math.min(originals.length, next + Math.max(1, max));
        Chunk c = new Chunk(chunkId, this, next, originals, next, to - next,
                encoded == null ? null : encoded.slice(next, to));
        next = to;
        return c;
    }

    @Override
    void itemDone(long index, Object value, Throwable error) {
        if (completed) {
            return;
        }
        int i = (int) index;
        values[i] = value;
        if (error != null) {
            if (errors == null) {
                errors = new Throwable[originals.length];
            }
            errors[i] = error;
        }
        countDone();
        if (error != null && mode != Mode.OUTCOMES) {
            completed = true;
            cancelled = true;
            result.fail(error);
            return;
        }
        if (done == originals.length) {
            complete();
        }
    }

    @Override
    void itemsDone(long first, Object[] results) {
        if (completed) {
            return;
        }
        System.arraycopy(results, 0, values, (int) first, results.length);
        countDone(results.length);
        if (done == originals.length) {
            complete();
        }
    }

    private void complete() {
        completed = true;
        switch (mode) {
            case SINGLE -> result.succeed(values.length == 0 ? null : values[0]);
            case LIST -> result.succeed(java.util.Collections.unmodifiableList(Arrays.asList(values)));
            case OUTCOMES -> {
                List<Outcome<Object>> out = new ArrayList<>(values.length);
                for (int i = 0; i < values.length; i++) {
                    out.add(errors == null || errors[i] == null ? Outcome.success(values[i]) : Outcome.failure(errors[i]));
                }
                result.succeed(java.util.Collections.unmodifiableList(out));
            }
        }
    }

    @Override
    boolean finished() {
        return completed || cancelled;
    }

    @Override
    void failAll(Throwable error) {
        if (!completed) {
            completed = true;
            cancelled = true;
            result.fail(error);
        }
    }

    @Override
    long remainingInput() {
        return originals.length - next;
    }

    @Override
    OptionalLong total() {
        return OptionalLong.of(originals.length);
    }
}
