package io.multiprocessing4j.connection;

/**
 * The peer did not prove that it holds the shared authkey (or did not accept ours): Python's
 * {@code multiprocessing.AuthenticationError}. Nothing the peer sent was deserialized.
 */
public class AuthenticationException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
