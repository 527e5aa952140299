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
            TaskFailedException where = new TaskFailedException(context, null);
            where.setStackTrace(new StackTraceElement[0]); // the manager thread's frames say nothing
            taskError.addSuppressed(where);
        } catch (RuntimeException ignored) {
            // suppression disabled for this exception type
        }
        return taskError;
    }

    /**
     * For synchronous calls: unchecked exceptions as they are, with the caller's frames appended to
     * the worker's (see {@link CallerFrames}); checked ones wrapped in a {@link TaskFailedException}
     * made here, so it has the caller's frames and the task's exception, untouched, as its cause.
     */
    static RuntimeException forCaller(Throwable t) {
        if (t instanceof RuntimeException re) {
            return CallerFrames.append(re);
        }
        if (t instanceof Error err) {
            throw CallerFrames.append(err);
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
