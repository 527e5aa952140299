package io.multiprocessing4j.internal.serial;

import io.multiprocessing4j.process.RemoteException;

import java.io.Serializable;

/**
 * Carries an exception from the process that threw it to the one that waits for the result.
 *
 * <p>Implementation notes. The worker sends two things: the exception itself, serialized, when
 * it can be, and a {@link RemoteException} chain built from class names, messages and stack
 * traces, which can always be sent. The receiver rethrows the original type when it can rebuild
 * it, with the {@code RemoteException} as its cause (Python's {@code RemoteTraceback}) when the
 * exception's cause is free to set; otherwise it throws the {@code RemoteException}.
 */
public final class RemoteErrors {
    private static final int MAX_CAUSES = 16;

    private RemoteErrors() {
    }

    record Envelope(byte[] original, RemoteException remote) implements Serializable {
    }

    public static byte[] encode(Throwable t) {
        byte[] original;
        try {
            original = DefaultSerializer.INSTANCE.serialize(t);
        } catch (RuntimeException e) {
            original = null;
        }
        return DefaultSerializer.INSTANCE.serialize(new Envelope(original, toRemote(t, 0)));
    }

    public static RemoteException toRemote(Throwable t, int depth) {
        Throwable cause = t.getCause();
        RemoteException remoteCause = cause != null && cause != t && depth < MAX_CAUSES ? toRemote(cause, depth + 1) : null;
        return new RemoteException(t.getClass().getName(), t.getMessage(), t.getStackTrace(), remoteCause);
    }

    public static Throwable decode(byte[] bytes, ClassLoader loader) {
        return decode(bytes, loader, true);
    }

    /**
     * As {@link #decode(byte[], ClassLoader)} for a pool task's exception: a rebuilt original keeps
     * the worker's stack trace as its own and gets no {@code RemoteException} cause repeating it (the
     * pool adds the caller's frames instead); the {@code RemoteException} is still the fallback.
     */
    public static Throwable decodeTaskError(byte[] bytes, ClassLoader loader) {
        return decode(bytes, loader, false);
    }

    private static Throwable decode(byte[] bytes, ClassLoader loader, boolean remoteCause) {
        Envelope env;
        try {
            env = (Envelope) DefaultSerializer.INSTANCE.deserialize(bytes, loader);
        } catch (RuntimeException e) {
            return new RemoteException("<undecodable>", "the worker's exception could not be read: " + e, new StackTraceElement[0], null);
        }
        if (env.original() != null) {
            try {
                Throwable t = (Throwable) DefaultSerializer.INSTANCE.deserialize(env.original(), loader);
                if (remoteCause && t.getCause() == null) {
                    try {
                        t.initCause(env.remote());
                    } catch (IllegalStateException | IllegalArgumentException alreadySet) {
                        // its cause was explicitly null; the remote trace is its own stack trace
                    }
                }
                return t;
            } catch (RuntimeException e) {
                // its class does not exist here: fall back to the RemoteException
            }
        }
        return env.remote();
    }
}
