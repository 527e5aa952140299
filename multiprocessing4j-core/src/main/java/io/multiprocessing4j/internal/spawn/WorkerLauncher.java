package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.ParkedThreads;
import io.multiprocessing4j.internal.log.WorkerLogging;
import io.multiprocessing4j.internal.wire.EpochMicros;
import io.multiprocessing4j.internal.wire.Fifo;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.process.WorkerCrashedException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Starts worker JVMs and connects to them.
 *
 * <p>Implementation notes. Each worker gets two named pipes in a private (0700) temporary
 * directory: <i>up</i> (worker to parent) and <i>down</i> (parent to worker), and two fresh
 * 32-byte tokens. Paths and tokens reach the worker on its stdin, never its command line or
 * environment, which other users or grandchildren could read. The worker opens both pipes and
 * sends {@code HELLO} with its token; the parent checks it in constant time, and writes its own
 * token down the pipe before any frame, which the worker checks. Only then is anything parsed.
 * The pipes' files are unlinked as soon as both ends are open, so nobody else can open them later.
 * Pipes, not a socket, because a worker's first socket initialises the JVM's networking stack and
 * its first HMAC the security providers: together most of a young worker's start after the JVM's
 * own (see {@link Fifo}). The tokens are used once, so a plain comparison is as strong as the
 * challenge-response a long-lived key needs.
 *
 * <p>{@link #start} returns as soon as the process exists, as CPython's {@code Process.start()}
 * does: the connection completes on a platform thread of its own (opening a FIFO blocks until the
 * other side opens it, which would pin a virtual thread's carrier). A worker that dies before it
 * connects fails the connection with a {@link WorkerCrashedException} quoting its stderr; its exit
 * releases the blocked open by opening the pipes itself. A worker that is alive but has not
 * connected when its start times out gets its thread dump ({@code jcmd <pid> Thread.print})
 * quoted in the error, so a stall can be told apart from a slow start.
 */
final class WorkerLauncher implements AutoCloseable {
    /**
     * The output pumps' threads (a read loop and {@code PrintStream.println}: a small stack) and the
     * connecting threads, started before each launch: once the new JVM boots, a thread's start
     * waits for a core it holds.
     */
    static final ParkedThreads PUMP_THREADS = new ParkedThreads("mp4j-pump", 128 * 1024);
    static final ParkedThreads CONNECT_THREADS = new ParkedThreads("mp4j-connect", 0);

    private static final long LAUNCH_TIMEOUT_SECONDS = Long.getLong("mp4j.workerStartTimeoutSeconds", 120);
    private static final int TOKEN_BYTES = 32;
    private static final int DUMP_MAX_CHARS = 64 * 1024;

    private final Path dir;
    private final long launchTimeoutSeconds;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong launches = new AtomicLong();
    private volatile boolean closed;

    WorkerLauncher() throws IOException {
        this(LAUNCH_TIMEOUT_SECONDS);
    }

    /** With an explicit start time limit (tests use a short one). */
    WorkerLauncher(long launchTimeoutSeconds) throws IOException {
        this.launchTimeoutSeconds = launchTimeoutSeconds;
        SocketDirs.sweepStale();
        dir = SocketDirs.create();
    }

    /** The private directory that holds the pipes of workers that are still connecting. */
    Path dir() {
        return dir;
    }

    /** Starts a worker and waits until it is connected and authenticated. */
    WorkerConnection launch(LaunchSpec spec, String displayName) {
        return launch(spec, displayName, p -> { });
    }

    /** As {@link #launch(LaunchSpec, String)}, telling {@code onStarted} the process as soon as it exists. */
    WorkerConnection launch(LaunchSpec spec, String displayName, Consumer<Process> onStarted) {
        return launch(spec, displayName, null, onStarted);
    }

    /**
     * As {@link #launch(LaunchSpec, String, Consumer)}, for a spare: {@code preload} (a
     * {@code PRELOAD_TARGETS} payload, or null) goes with the bootstrap, so the worker gets those
     * targets ready before it connects, not while its first user is timing it.
     */
    WorkerConnection launch(LaunchSpec spec, String displayName, byte[] preload, Consumer<Process> onStarted) {
        return launch(spec, displayName, preload, null, onStarted);
    }

    /**
     * As {@link #launch(LaunchSpec, String, byte[], Consumer)}, with the name of a status word the
     * spare maps before it connects, should it become a pool worker (or null).
     */
    WorkerConnection launch(LaunchSpec spec, String displayName, byte[] preload, String statusWord,
                            Consumer<Process> onStarted) {
        PendingWorker pending = start(spec, displayName, preload, statusWord);
        onStarted.accept(pending.process());
        return await(pending);
    }

    /** Waits for a started worker's connection, rethrowing why it never came. */
    static WorkerConnection await(PendingWorker pending) {
        try {
            return pending.connected().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            pending.process().destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a worker JVM", e);
        }
    }

    /**
     * Starts a worker JVM and returns at once; the connection follows.
     *
     * @throws IllegalStateException when the JVM cannot be started at all (no such executable)
     */
    PendingWorker start(LaunchSpec spec, String displayName) {
        return start(spec, displayName, null, null);
    }

    private PendingWorker start(LaunchSpec spec, String displayName, byte[] preload, String statusWord) {
        if (closed) {
            throw new IllegalStateException("the spawn context is shut down");
        }
        long exec = EpochMicros.now();
        String id = Long.toString(launches.incrementAndGet());
        Path up = dir.resolve(id + ".up");
        Path down = dir.resolve(id + ".down");
        byte[] workerToken = new byte[TOKEN_BYTES];
        byte[] parentToken = new byte[TOKEN_BYTES];
        random.nextBytes(workerToken);
        random.nextBytes(parentToken);
        boolean inherits = JavaCommand.inheritSystemProperties();
        List<String> cmd = JavaCommand.build(spec, AotCache.forOptions(spec.jvmOptions()), List.of(),
                inherits ? JavaCommand.inheritedOptions() : List.of());
        // the threads this launch needs, started now: once the JVM boots, a start waits for a core
        PUMP_THREADS.prepare(2);
        CONNECT_THREADS.prepare(1);
        Process process;
        try {
            Fifo.create(up);
            Fifo.create(down);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(spec.environment());
            process = pb.start();
        } catch (IOException e) {
            deleteQuietly(up);
            deleteQuietly(down);
            throw new IllegalStateException("cannot start a worker JVM (" + cmd.getFirst() + "): " + e.getMessage(), e);
        }
        long spawned = EpochMicros.now();
        OutputPump out = new OutputPump(process.getInputStream(), false, null, "mp4j-stdout-" + process.pid());
        OutputPump err = new OutputPump(process.getErrorStream(), true, null, "mp4j-stderr-" + process.pid());
        out.start();
        err.start();
        try (OutputStream stdin = process.getOutputStream()) {
            String role = "spare".equals(displayName) ? "spare" : "direct";
            HexFormat hex = HexFormat.of();
            String boot = up + "\n" + down + "\n" + hex.formatHex(workerToken) + "\n" + hex.formatHex(parentToken)
                    + "\n" + role + "\n" + ProcessHandle.current().pid() + "\n" + WorkerLogging.parentMark() + "\n"
                    + (statusWord == null ? "" : statusWord) + "\n"
                    + (preload == null ? "" : hex.formatHex(preload)) + "\n";
            stdin.write(boot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the worker died at once; its exit is reported below
        }
        CompletableFuture<WorkerConnection> connected = new CompletableFuture<>();
        CONNECT_THREADS.run("mp4j-connect-" + process.pid(), () -> {
            try {
                FileChannel in = FileChannel.open(up, StandardOpenOption.READ);
                FileChannel toWorker;
                try {
                    toWorker = FileChannel.open(down, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    in.close();
                    throw e;
                }
                deleteQuietly(up);
                deleteQuietly(down);
                FrameChannel fc = new FrameChannel(in, toWorker);
                try {
                    toWorker.write(ByteBuffer.wrap(parentToken));
                    Frame hello = fc.receive();
                    ByteBuffer b = ByteBuffer.wrap(hello.payload());
                    byte[] token = new byte[TOKEN_BYTES];
                    if (hello.type() != FrameType.HELLO || hello.payload().length < TOKEN_BYTES + 24) {
                        throw new IOException("expected HELLO, got frame type " + hello.type());
                    }
                    b.get(token);
                    if (!MessageDigest.isEqual(token, workerToken)) {
                        throw new IOException("the peer on the up pipe did not present the worker's token");
                    }
                    b.getLong(); // the worker's pid: the process handle already says it
                    StartupStamps stamps = new StartupStamps(exec, spawned, b.getLong(), b.getLong(), EpochMicros.now());
                    WorkerConnection w = new WorkerConnection(process, fc, spec, out, err, stamps, inherits);
                    if (!connected.complete(w)) {
                        fc.close();
                    }
                } catch (IOException | RuntimeException e) {
                    fc.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                if (!connected.isDone()) {
                    // the exit watch below reports a dead worker with its stderr; anything else is this
                    connected.completeExceptionally(new IllegalStateException("worker JVM pid " + process.pid()
                            + " could not connect: " + e.getMessage(), e));
                }
            }
        });
        ProcessExit.of(process).thenRun(() -> {
            if (!connected.isDone()) {
                connected.completeExceptionally(startupFailure(process, err, displayName));
                release(up);
                release(down);
            }
        });
        CompletableFuture.delayedExecutor(launchTimeoutSeconds, TimeUnit.SECONDS, Thread::startVirtualThread).execute(() -> {
            if (connected.isDone()) {
                return;
            }
            String dump = process.isAlive() ? threadDump(process.pid()) : "(it exited)";
            if (connected.completeExceptionally(new IllegalStateException("worker JVM pid " + process.pid()
                    + " did not connect within " + launchTimeoutSeconds + " s (-Dmp4j.workerStartTimeoutSeconds);"
                    + " the worker's threads:\n" + dump))) {
                process.destroyForcibly();
            }
        });
        return new PendingWorker(process, connected);
    }

    /**
     * Unblocks a connecting thread waiting to open {@code fifo} (its worker died first): opening a
     * FIFO for reading and writing never blocks on Linux, and closing it again leaves the waiting
     * side at end of file.
     */
    private static void release(Path fifo) {
        if (!Files.exists(fifo)) {
            return;
        }
        try (RandomAccessFile _ = new RandomAccessFile(fifo.toFile(), "rw")) {
            deleteQuietly(fifo);
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best-effort: the directory goes at exit
        }
    }

    static String threadDump(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no thread dump: " + jcmd + " is missing; run kill -QUIT " + pid + " while it hangs)";
        }
        Path out = null;
        try {
            out = Files.createTempFile("mp4j-dump-", ".txt");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "(no thread dump: jcmd " + pid + " Thread.print did not answer within 20 s)";
            }
            String text = Files.readString(out);
            return text.length() > DUMP_MAX_CHARS ? text.substring(0, DUMP_MAX_CHARS) + "\n..." : text;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // best-effort
                }
            }
        }
    }

    private static WorkerCrashedException startupFailure(Process process, OutputPump err, String displayName) {
        err.awaitDrained(1000);
        int code = process.isAlive() ? 0 : io.multiprocessing4j.process.ExitCodes.fromProcessStatus(process.exitValue());
        return new WorkerCrashedException(process.pid(), code, null, null, err.tail(),
                "it died during start-up, before connecting" + (displayName == null ? "" : " (" + displayName + ")"));
    }

    @Override
    public void close() {
        closed = true;
        try (var files = Files.list(dir)) {
            files.forEach(WorkerLauncher::deleteQuietly);
        } catch (IOException ignored) {
            // best-effort
        }
        deleteQuietly(dir);
    }
}
