package io.multiprocessing4j.connection;

import java.util.Objects;

/**
 * The two ends of a pipe: Python's {@code multiprocessing.Pipe(duplex)}, which returns
 * {@code (conn1, conn2)}; here {@link #left()} and {@link #right()}.
 *
 * <p>A two-way pipe ({@code duplex = true}) lets each end send and receive. A one-way pipe, as in
 * Python, returns a left end that only receives and a right end that only sends. Either end can be
 * passed to a child process, a pool initializer or a task: it re-attaches by name there. Once
 * passed, this process's copy is handed over: it still works, but the other end sees end of file
 * when the receiving process closes its copy or dies, whether or not this copy was closed (in
 * Python you must close the child's end in the parent to get that).
 *
 * <p>The pipe lives in shared memory: two single-producer single-consumer rings (2 MiB per direction
 * by default, touched only as used; {@code -Dmp4j.pipe.ringBytes} changes it), with messages larger
 * than a ring streaming through it in pieces. {@link #close()} closes both ends held here.
 *
 * @param left the first end ({@code conn1}); only receives when the pipe is one-way
 * @param right the second end ({@code conn2}); only sends when the pipe is one-way
 */
public record Pipe(Connection left, Connection right) implements AutoCloseable {

    public Pipe {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    /** Closes both ends held in this process. */
    @Override
    public void close() {
        left.close();
        right.close();
    }
}
