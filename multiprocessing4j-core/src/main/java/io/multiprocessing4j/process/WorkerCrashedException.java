package io.multiprocessing4j.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A worker process died while it held a task: killed by a signal, {@code System.exit},
 * {@code Runtime.halt}, an {@code OutOfMemoryError} or a native crash.
 *
 * <p>The message says which worker (pid), how it ended (exit code or signal), whether it looks like
 * an out-of-memory death, the {@code hs_err} file if the JVM wrote one, the last lines the worker
 * printed to stderr, and which task it held. Only the tasks that worker held fail; the pool it
 * belonged to starts a replacement and goes on serving.
 */
public class WorkerCrashedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long pid;
    private final int exitCode;
    private final String task;
    private final transient Path hsErrFile;
    private final List<String> stderrTail;

    /**
     * @param pid the dead worker's process id
     * @param exitCode the exit code in Python's convention: {@code -N} for signal N
     * @param task a description of the task the worker held (its index and argument summary), or {@code null}
     * @param hsErrFile the JVM's fatal error log, or {@code null}
     * @param stderrTail the last lines the worker wrote to stderr (empty when not captured)
     * @param detail extra words, e.g. an out-of-memory hint, or {@code null}
     */
    public WorkerCrashedException(long pid, int exitCode, String task, Path hsErrFile, List<String> stderrTail, String detail) {
        super(message(pid, exitCode, task, hsErrFile, stderrTail, detail));
        this.pid = pid;
        this.exitCode = exitCode;
        this.task = task;
        this.hsErrFile = hsErrFile;
        this.stderrTail = List.copyOf(stderrTail);
    }

    private static String message(long pid, int exitCode, String task, Path hsErr, List<String> tail, String detail) {
        StringBuilder sb = new StringBuilder("worker pid ").append(pid).append(' ').append(ExitCodes.describe(exitCode));
        if (task != null) {
            sb.append(" while running ").append(task);
        }
        if (detail != null) {
            sb.append("; ").append(detail);
        }
        if (hsErr != null) {
            sb.append("; JVM crash log: ").append(hsErr);
        }
        if (!tail.isEmpty()) {
            sb.append("; last stderr lines:");
            for (String line : tail) {
                sb.append("\n    ").append(line);
            }
        }
        return sb.toString();
    }

    /** @return the dead worker's process id */
    public long pid() {
        return pid;
    }

    /** @return the exit code in Python's convention: {@code -N} when killed by signal N */
    public int exitCode() {
        return exitCode;
    }

    /** @return the task the worker held, if known */
    public Optional<String> task() {
        return Optional.ofNullable(task);
    }

    /** @return the JVM's fatal error log ({@code hs_err_pid*.log}), if one was written */
    public Optional<Path> hsErrFile() {
        return Optional.ofNullable(hsErrFile);
    }

    /** @return the last lines the worker wrote to stderr, empty when stderr was not captured */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
