package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.AsyncResult;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@link AsyncResult} over a {@link CompletableFuture}; callbacks run before the future completes,
 * so a waiter that returns sees their effects, as in Python.
 */
final class AsyncResultImpl<T> implements AsyncResult<T> {
    private static final System.Logger LOG = System.getLogger(AsyncResultImpl.class.getName());

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Consumer<? super T> callback;
    private final Consumer<? super Throwable> errorCallback;

    AsyncResultImpl(Consumer<? super T> callback, Consumer<? super Throwable> errorCallback) {
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    void succeed(T value) {
        if (future.isDone()) {
            return;
        }
        if (callback != null) {
            try {
                callback.accept(value);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "pool callback threw", e);
            }
        }
        future.complete(value);
    }

    void fail(Throwable error) {
        if (future.isDone()) {
            return;
        }
        if (errorCallback != null) {
            try {
                errorCallback.accept(error);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "pool error callback threw", e);
            }
        }
        future.completeExceptionally(error);
    }

    boolean isDone() {
        return future.isDone();
    }

    @Override
    public T get() throws ExecutionException, InterruptedException {
        try {
            return future.get();
        } catch (CancellationException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
    }

    @Override
    public T get(Duration timeout) throws ExecutionException, InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (CancellationException e) {
            throw new ExecutionException(e.getMessage(), e);
        }
    }

    @Override
    public boolean ready() {
        return future.isDone();
    }

    @Override
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the result is not ready yet; check ready() or wait with await()");
        }
        return !future.isCompletedExceptionally();
    }

    @Override
    public void await() throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException | CancellationException ignored) {
            // ready, which is all await promises
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException ignored) {
            // ready
        } catch (TimeoutException e) {
            return false;
        }
        return true;
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }

    CompletableFuture<T> future() {
        return future;
    }
}
