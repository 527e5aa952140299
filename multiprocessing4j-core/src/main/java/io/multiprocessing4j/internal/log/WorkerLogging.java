package io.multiprocessing4j.internal.log;

import io.multiprocessing4j.internal.ProcessIdentity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A worker JVM's own log records, sent to the parent JVM, where they reach the parent's
 * {@code System.Logger} under the same logger name, prefixed with the worker's name
 * ({@code [SpawnPoolWorker-1] message}); records of the library's logger
 * ({@code io.multiprocessing4j}) follow {@code logToStderr} there, as Python's children's
 * {@code get_logger()} lines do ({@code [INFO/SpawnPoolWorker-1] message}).
 *
 * <p>Implementation notes. In a worker, {@code System.Logger} is backed by java.util.logging
 * unless the class path brings a {@code LoggerFinder} of its own (SLF4J, Log4j), and JUL's default
 * configuration prints to the worker's stderr, which the parent pumps to its own
 * {@code System.err}: the record arrived as text, outside the parent's logging. So the worker
 * names this class as JUL's {@code java.util.logging.config.class} before anything touches JUL
 * (a worker that never logs pays nothing: JUL reads its configuration on first use). When JUL
 * starts, this class reads the configuration JUL would have read (the inherited
 * {@code java.util.logging.config.file}, else the JDK's), puts {@link Forwarder} in the place of
 * its {@code ConsoleHandler}, and hands the result to JUL. The forwarder writes each record as one
 * marked line to the worker's stderr. The parent's stderr pump recognises the line and hands it to
 * {@link Lifecycle#fromWorker}. A configuration without a console handler (a file, a socket) is
 * left alone: such records never reached the parent before either. A program that names its own
 * {@code java.util.logging.config.class} keeps it, and its workers do not forward.
 *
 * <p>Stderr, rather than the frame channel, carries the records: any thread of the worker may
 * log at any time (during start-up, in a shutdown hook, while the pool protocol is mid-frame),
 * stderr is there for every role (pool worker, process, manager, spare), and the order of a
 * worker's log records and its plain stderr lines is kept. The marker is a random string per
 * parent JVM, handed to the worker on its private bootstrap (stdin), so text a task merely prints
 * (say, data it read) cannot pose as a record. Each record is one {@code write} to descriptor 2
 * under the forwarder's lock, so records never interleave with each other; against other threads'
 * raw stderr writes a record is atomic up to the pipe's 4 KiB, and a longer one (a deep stack
 * trace) written while another thread prints may be cut by that text, its rest arriving as text.
 *
 * <p>In the worker the library's own logger passes every level (unless the configuration sets
 * one), as Python's spawn hands its children the parent's log level: the parent decides what is
 * shown. Its {@code internal} children keep the root's level.
 */
public final class WorkerLogging {
    private static final String CONFIG_CLASS = WorkerLogging.class.getName();
    private static final char SEP = '\u001f';
    /** This JVM's marker, for the workers it starts; a holder, so a worker JVM never seeds a SecureRandom for it. */
    private static final class ParentMark {
        static final String VALUE = "\u0001mp4j-log-" + HexFormat.of().formatHex(randomBytes());
    }
    /** The marker this worker was given, or null when not forwarding. */
    private static volatile String workerMark;

    /**
     * Called by JUL when it starts in a worker (it names this class in
     * {@code java.util.logging.config.class}): reads the configuration JUL would have read, with
     * the console handler replaced by {@link Forwarder}. It works on the properties, not on
     * loggers: JUL calls this before its root logger exists.
     */
    public WorkerLogging() {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(configFile())) {
            config.load(in);
        } catch (IOException | RuntimeException e) {
            // no readable configuration: the JDK's defaults
            config.setProperty("handlers", ConsoleHandler.class.getName());
            config.setProperty(".level", "INFO");
        }
        if (workerMark != null) {
            forwardInstead(config);
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            config.store(out, null);
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(out.toByteArray()));
        } catch (IOException e) {
            // an in-memory stream: cannot happen
        }
    }

    /** Puts {@link Forwarder} in the console handler's place, if the configuration has one. */
    static void forwardInstead(Properties config) {
        String handlers = config.getProperty("handlers");
        if (handlers == null) {
            return;
        }
        List<String> names = new ArrayList<>(Arrays.asList(handlers.trim().split("[,\\s]+")));
        if (!names.remove(ConsoleHandler.class.getName())) {
            return;
        }
        names.add(Forwarder.class.getName());
        config.setProperty("handlers", String.join(",", names));
        String library = Lifecycle.LOGGER_NAME + ".level";
        if (config.getProperty(library) == null) {
            config.setProperty(library, "ALL");
            config.putIfAbsent(Lifecycle.LOGGER_NAME + ".internal.level", config.getProperty(".level", "INFO"));
        }
    }

    private static Path configFile() {
        String file = System.getProperty("java.util.logging.config.file");
        return file != null ? Path.of(file) : Path.of(System.getProperty("java.home"), "conf", "logging.properties");
    }

    /**
     * In a worker, before JUL is used: forward log records to the parent with this marker, unless
     * the program configures JUL through a class of its own.
     *
     * @param mark the parent's marker, or null (nothing is forwarded)
     */
    public static void installInWorker(String mark) {
        if (mark == null || mark.isEmpty() || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        workerMark = mark;
        System.setProperty("java.util.logging.config.class", CONFIG_CLASS);
    }

    /**
     * In a worker about to call {@code System.exit}: if nothing has started JUL yet, lets it start
     * (if a shutdown hook logs) without this class's configuration. {@code Runtime.exit} looks up a
     * system logger first, and with a configuration class named that lookup starts all of JUL
     * (reading the configuration file, building handlers): 25-30 ms of CPU in a young worker, spent
     * while the next workers of a program start. A hook's record then prints as plain stderr text,
     * which still reaches the parent.
     */
    public static void beforeExit() {
        if (CONFIG_CLASS.equals(System.getProperty("java.util.logging.config.class"))) {
            System.clearProperty("java.util.logging.config.class");
        }
    }

    /** @return the marker the workers of this JVM put before their records */
    public static String parentMark() {
        return ParentMark.VALUE;
    }

    /**
     * Parent side: if {@code line} (one line of a worker's stderr) holds a record marked with
     * {@code mark}, hands it to {@link Lifecycle#fromWorker} and any text before it to
     * {@code plain}.
     *
     * @return a readable form of the record, for a crash report's stderr tail, or null when the line is plain text
     */
    public static String forward(String line, String mark, Consumer<String> plain) {
        int at = mark == null ? -1 : line.indexOf(mark);
        if (at < 0) {
            return null;
        }
        Record r = decode(line.substring(at + mark.length()));
        if (r == null) {
            return null;
        }
        if (at > 0) {
            plain.accept(line.substring(0, at));
        }
        Lifecycle.fromWorker(r);
        return r.level().getName() + " " + r.logger() + ": " + r.message();
    }

    /**
     * One record from a worker.
     *
     * @param level        in {@code System.Logger}'s terms
     * @param julLevel     JUL's level value, kept for a JUL-backed parent (CONFIG, FINER...)
     * @param instant      when the worker logged it
     * @param sourceClass  the class that logged it, as JUL inferred it in the worker (may be empty)
     * @param sourceMethod the method, likewise
     */
    public record Record(Level level, int julLevel, Instant instant, String logger, String worker,
                         String sourceClass, String sourceMethod, String message) {
    }

    /** The line a worker writes for one record, after the marker; the reverse of {@link #decode}. */
    static String encode(String mark, Record r) {
        return mark + SEP + r.level().name() + SEP + r.julLevel() + SEP + r.instant().getEpochSecond() + "."
                + r.instant().getNano() + SEP + escape(r.logger()) + SEP + escape(r.worker()) + SEP
                + escape(r.sourceClass()) + SEP + escape(r.sourceMethod()) + SEP + escape(r.message()) + "\n";
    }

    /** @return the record in {@code fields} (what follows the marker), or null if it is not one */
    static Record decode(String fields) {
        String[] f = fields.split(String.valueOf(SEP), -1);
        if (f.length != 9 || !f[0].isEmpty()) {
            return null;
        }
        try {
            Level level = Level.valueOf(f[1]);
            int julLevel = Integer.parseInt(f[2]);
            int dot = f[3].indexOf('.');
            Instant instant = Instant.ofEpochSecond(Long.parseLong(f[3].substring(0, dot)),
                    Long.parseLong(f[3].substring(dot + 1)));
            return new Record(level, julLevel, instant, unescape(f[4]), unescape(f[5]), unescape(f[6]),
                    unescape(f[7]), unescape(f[8]));
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case SEP -> b.append("\\u");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'u' -> SEP;
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** JUL's levels in {@code System.Logger}'s terms (the JDK's own mapping, read backwards). */
    static Level level(java.util.logging.Level jul) {
        int v = jul.intValue();
        if (v >= java.util.logging.Level.SEVERE.intValue()) {
            return Level.ERROR;
        } else if (v >= java.util.logging.Level.WARNING.intValue()) {
            return Level.WARNING;
        } else if (v >= java.util.logging.Level.INFO.intValue()) {
            return Level.INFO;
        } else if (v >= java.util.logging.Level.FINE.intValue()) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /**
     * The worker's root handler: each record becomes one marked line on descriptor 2. It writes
     * to the descriptor, not to {@code System.err}, so a task that replaces {@code System.err}
     * does not capture the records.
     */
    public static final class Forwarder extends Handler {
        private final String mark = workerMark;
        private final FileOutputStream err = new FileOutputStream(FileDescriptor.err);
        private final SimpleFormatter text = new SimpleFormatter();

        /** Created by JUL, from the {@code handlers} property. */
        public Forwarder() {
        }

        @Override
        public void publish(LogRecord record) {
            if (record == null || mark == null || !isLoggable(record)) {
                return;
            }
            String message = text.formatMessage(record);
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                message = message + "\n" + trace.toString().stripTrailing();
            }
            String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
            String worker = ProcessIdentity.isWorker() ? ProcessIdentity.current().name()
                    : "worker pid " + ProcessHandle.current().pid();
            Record r = new Record(level(record.getLevel()), record.getLevel().intValue(), record.getInstant(), logger,
                    worker, Objects.toString(record.getSourceClassName(), ""),
                    Objects.toString(record.getSourceMethodName(), ""), message);
            byte[] line = encode(mark, r).getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                try {
                    err.write(line);
                } catch (IOException e) {
                    // stderr is closed: the worker is exiting, and nobody would read the record
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
