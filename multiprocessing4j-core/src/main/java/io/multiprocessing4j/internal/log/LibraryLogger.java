package io.multiprocessing4j.internal.log;

import io.multiprocessing4j.internal.ProcessIdentity;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The logger {@code Multiprocessing.getLogger()} returns: Python's {@code get_logger()}. While
 * {@code logToStderr} is on, what the program logs on it prints to {@code System.err} beside the
 * lifecycle lines, as {@code [LEVEL/process name] message} (the process name is the thread-context
 * worker's, {@code ThreadPoolWorker-1}, on a worker thread); otherwise it is the library's
 * {@code System.Logger} itself.
 *
 * <p>Implementation notes. Python's {@code log_to_stderr()} adds a handler to the multiprocessing
 * logger, so the program's own {@code get_logger().info(..)} lines print with the lifecycle ones;
 * this wrapper does the same without touching the logging backend's configuration. In a spawn
 * worker {@code logToStderr} is off, so records go to the worker's logger and are forwarded to the
 * parent ({@link WorkerLogging}), which prints them under the worker's name when its
 * {@code logToStderr} is on.
 */
final class LibraryLogger implements System.Logger {
    private final System.Logger backend;

    LibraryLogger(System.Logger backend) {
        this.backend = backend;
    }

    @Override
    public String getName() {
        return backend.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        Level toStderr = Lifecycle.stderrLevel();
        return toStderr != null ? level != Level.OFF && level.getSeverity() >= toStderr.getSeverity() : backend.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (Lifecycle.stderrLevel() == null) {
            backend.log(level, bundle, msg, thrown);
        } else if (isLoggable(level)) {
            print(level, localized(bundle, msg), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (Lifecycle.stderrLevel() == null) {
            backend.log(level, bundle, format, params);
        } else if (isLoggable(level)) {
            String pattern = localized(bundle, format);
            print(level, params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params), null);
        }
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle == null || key == null) {
            return String.valueOf(key);
        }
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    private static void print(Level level, String message, Throwable thrown) {
        String text = message;
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            text = text + System.lineSeparator() + trace.toString().stripTrailing();
        }
        Lifecycle.stderr().println("[" + level.getName() + "/" + ProcessIdentity.current().name() + "] " + text);
    }
}
