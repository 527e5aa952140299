package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.TaskFailedException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/** Turns a failed item's exception into what a caller receives. */
final class PoolErrors {
    private PoolErrors() {
    }

    /**
     * Attaches "which item, which worker" to a task's own exception as a suppressed
     * {@link TaskFailedException}, so its type stays catchable and its report says where it happened.
     */
    static Throwable withContext(Throwable taskError, String context) {
        try {
            taskError.addSuppressed(new TaskFailedException(context, null));
        } catch (RuntimeException ignored) {
            // suppression disabled for this exception type
        }
        return taskError;
    }

    /** For synchronous calls: unchecked exceptions as they are, checked ones wrapped. */
    static RuntimeException forCaller(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        String context = null;
        for (Throwable s : t.getSuppressed()) {
            if (s instanceof TaskFailedException tfe) {
                context = tfe.getMessage();
            }
        }
        return new TaskFailedException((context == null ? "a task failed" : context) + ": " + t, t);
    }

    /** Waits for an async result on behalf of a synchronous call. */
    static <T> T await(AsyncResultImpl<T> r) {
        try {
            return r.future().get();
        } catch (ExecutionException e) {
            throw forCaller(e.getCause());
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException("interrupted while waiting for the pool");
            ce.initCause(e);
            throw ce;
        }
    }
}
