package io.multiprocessing4j.internal.log;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The lifecycle of workers and pools, told to operators: log lines through {@link System.Logger}
 * (logger {@value #LOGGER_NAME}) and JFR events.
 *
 * <p>Implementation notes. Routine events (a worker started, a spare handed off, a worker
 * recycled, a task failed, a pool closed) are DEBUG, so a default JUL set-up (INFO) prints none of
 * them; a worker crash and a task past its deadline are WARNING. {@link #logToStderr} is Python's
 * {@code log_to_stderr()}: from then on the lines at or above its level go to {@code System.err}
 * as {@code [LEVEL/process] message} instead of the {@code System.Logger} (Python's multiprocessing
 * logger does not propagate either), so nothing prints twice. Messages are built only when
 * someone listens, and a JFR event is only filled in when a recording wants it
 * ({@code shouldCommit()}), so both cost nothing when off.
 */
public final class Lifecycle {
    public static final String LOGGER_NAME = "io.multiprocessing4j";
    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);
    private static volatile Level stderrLevel;
    private static volatile PrintStream stderr = System.err;

    private Lifecycle() {
    }

    private static final System.Logger PUBLIC_LOGGER = new LibraryLogger(LOG);

    /**
     * @return the library's logger: Python's {@code multiprocessing.get_logger()}; what is logged
     *         on it follows {@link #logToStderr} like the lifecycle lines
     */
    public static System.Logger logger() {
        return PUBLIC_LOGGER;
    }

    /** @return the level {@link #logToStderr} set, or null when off */
    static Level stderrLevel() {
        return stderrLevel;
    }

    static PrintStream stderr() {
        return stderr;
    }

    /**
     * Sends lifecycle lines at or above {@code level} to {@code System.err}; {@code null} or
     * {@code OFF} goes back to the {@code System.Logger}.
     */
    public static void logToStderr(Level level) {
        stderrLevel = level == null || level == Level.OFF ? null : level;
        stderr = System.err;
    }

    private static void log(Level level, Supplier<String> message) {
        Level toStderr = stderrLevel;
        if (toStderr != null) {
            if (level.getSeverity() >= toStderr.getSeverity()) {
                stderr.println("[" + level.getName() + "/" + processName() + "] " + message.get());
            }
        } else if (LOG.isLoggable(level)) {
            LOG.log(level, message);
        }
    }

    private static String processName() {
        return io.multiprocessing4j.internal.ProcessIdentity.current().name();
    }

    /** A worker JVM has connected and is about to get work. */
    public static void workerStarted(String name, long pid, String role, long startupNanos, boolean spare) {
        log(Level.DEBUG, () -> (spare ? "spare worker pid " + pid + " handed off as " + name + " (" + role + ")"
                : "worker started: " + name + " (pid " + pid + ", " + role + ") in " + millis(startupNanos) + " ms"));
        WorkerStartEvent e = new WorkerStartEvent();
        if (e.shouldCommit()) {
            e.name = name;
            e.pid = pid;
            e.role = role;
            e.startup = startupNanos;
            e.warmSpare = spare;
            e.commit();
        }
    }

    /** A warm spare is up and waits for its first assignment. */
    public static void spareStarted(long pid, long startupNanos) {
        log(Level.DEBUG, () -> "spare worker started: pid " + pid + " in " + millis(startupNanos) + " ms");
    }

    /**
     * A worker JVM has exited.
     *
     * @param exitCode Python's convention: negative means killed by that signal
     */
    public static void workerExited(String name, long pid, String role, long lifetimeNanos, int exitCode) {
        log(Level.DEBUG, () -> "worker exited: " + name + " (pid " + pid + ", " + role + ") " + exitDescription(exitCode)
                + " after " + millis(lifetimeNanos) + " ms");
        WorkerExitEvent e = new WorkerExitEvent();
        if (e.shouldCommit()) {
            e.name = name;
            e.pid = pid;
            e.role = role;
            e.lifetime = lifetimeNanos;
            e.exitCode = exitCode;
            e.signal = exitCode < 0 ? signalName(-exitCode) : null;
            e.commit();
        }
    }

    /** A pool worker died while it held work. */
    public static void workerCrashed(String name, long pid, String cause) {
        log(Level.WARNING, () -> "worker crashed: " + name + " (pid " + pid + "): " + cause);
        WorkerCrashEvent e = new WorkerCrashEvent();
        if (e.shouldCommit()) {
            e.name = name;
            e.pid = pid;
            e.cause = cause;
            e.commit();
        }
    }

    /** A worker is being replaced ({@code maxTasksPerChild}, memory, idleness). */
    public static void workerRecycled(String name, long pid, String why) {
        log(Level.DEBUG, () -> "worker recycled: " + name + " (pid " + pid + "): " + why);
    }

    /** A task ended with an exception (reported to the caller as well). */
    public static void taskFailed(String worker, Throwable error) {
        log(Level.DEBUG, () -> "task failed in " + worker + ": " + error);
    }

    /** A task ran past the pool's task timeout; its worker is interrupted, then killed. */
    public static void taskPastDeadline(String name, long pid, String task, Duration timeout) {
        log(Level.WARNING, () -> "task past its deadline of " + timeout.toMillis() + " ms in " + name + " (pid " + pid + "): " + task);
        TaskDeadlineEvent e = new TaskDeadlineEvent();
        if (e.shouldCommit()) {
            e.name = name;
            e.pid = pid;
            e.task = task;
            e.timeout = timeout.toNanos();
            e.commit();
        }
    }

    /**
     * A log record a worker JVM wrote (see {@link WorkerLogging}): records of the library's own
     * logger follow {@link #logToStderr} as the parent's lifecycle lines do, named after the
     * worker ({@code [INFO/SpawnPoolWorker-1] message}, Python's format for a child's
     * {@code get_logger()} lines); every other record goes to this JVM's logger of the same name,
     * its message prefixed with the worker's name. When {@code System.Logger} is backed by JUL
     * (the JDK's default), the record is handed to JUL whole, with the worker's time, exact
     * level and source class and method, so it reads as if the worker had printed it; through
     * another backend it goes as level and message.
     */
    public static void fromWorker(WorkerLogging.Record r) {
        if (LOGGER_NAME.equals(r.logger())) {
            Level toStderr = stderrLevel;
            if (toStderr != null) {
                if (r.level().getSeverity() >= toStderr.getSeverity()) {
                    stderr.println("[" + r.level().getName() + "/" + r.worker() + "] " + r.message());
                }
                return;
            }
        }
        String text = "[" + r.worker() + "] " + r.message();
        if (JulBacked.YES) {
            java.util.logging.Logger jul = java.util.logging.Logger.getLogger(r.logger());
            java.util.logging.Level level = java.util.logging.Level.parse(Integer.toString(r.julLevel()));
            if (jul.isLoggable(level)) {
                java.util.logging.LogRecord record = new java.util.logging.LogRecord(level, text);
                record.setLoggerName(r.logger());
                record.setInstant(r.instant());
                record.setSourceClassName(r.sourceClass().isEmpty() ? null : r.sourceClass());
                record.setSourceMethodName(r.sourceMethod().isEmpty() ? null : r.sourceMethod());
                jul.log(record);
            }
            return;
        }
        System.Logger target = LOGGER_NAME.equals(r.logger()) ? LOG : System.getLogger(r.logger());
        if (target.isLoggable(r.level())) {
            target.log(r.level(), text);
        }
    }

    /** Whether this JVM's {@code System.Logger}s are JUL's (no SLF4J or Log4j {@code LoggerFinder}). */
    private static final class JulBacked {
        static final boolean YES = "java.logging".equals(
                System.LoggerFinder.getLoggerFinder().getClass().getModule().getName());
    }

    /** A pool has stopped: every worker is gone. */
    public static void poolClosed(String pool) {
        log(Level.DEBUG, () -> "pool closed: " + pool);
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    static String exitDescription(int exitCode) {
        return exitCode < 0 ? "killed by " + signalName(-exitCode) : "with exit code " + exitCode;
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
