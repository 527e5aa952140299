package io.multiprocessing4j.process;

/**
 * An exception thrown in another process, whose own class could not be sent back as it was (it
 * was not serializable, or its class does not exist here).
 *
 * <p>It carries the remote class name, message and stack trace: {@link #getStackTrace()} is the
 * remote one. Like Python's {@code RemoteTraceback}, a remote failure that is rethrown as its own
 * type has a {@code RemoteException} as its cause, holding the trace as it was in the worker.
 */
public class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    /**
     * @param remoteClassName the fully qualified class name of the exception in the remote process
     * @param message the remote exception's message, may be {@code null}
     * @param remoteTrace the remote stack trace
     * @param cause the remote cause, itself a {@code RemoteException}, or {@code null}
     */
    // setStackTrace is Throwable's own, overridable method: a subclass overriding it would run before
    // its constructor. None does, and the trace must be set here, as the constructor's contract says.
    @SuppressWarnings("this-escape")
    public RemoteException(String remoteClassName, String message, StackTraceElement[] remoteTrace, Throwable cause) {
        super(remoteClassName + (message == null ? "" : ": " + message), cause, false, true);
        this.remoteClassName = remoteClassName;
        setStackTrace(remoteTrace);
    }

    /** @return the fully qualified class name of the exception in the remote process */
    public String remoteClassName() {
        return remoteClassName;
    }
}
