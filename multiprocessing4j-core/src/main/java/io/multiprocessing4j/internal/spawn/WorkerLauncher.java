package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.FrameType;
import io.multiprocessing4j.internal.wire.Handshake;
import io.multiprocessing4j.process.WorkerCrashedException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts worker JVMs and accepts their authenticated connections.
 *
 * <p>Implementation notes. The launcher listens on a Unix domain socket inside a private (0700)
 * temporary directory. Each worker receives the socket path, the context's 32-byte authkey and a
 * launch id on its stdin (never its command line or environment, which other users or
 * grandchildren could read), connects, proves the key with the HMAC challenge in both directions,
 * and sends a {@code HELLO} frame naming its launch id. Only then is anything it sends parsed. A
 * connection that fails the challenge is logged and closed. A worker that dies before it connects
 * fails its launch with a {@link WorkerCrashedException} quoting its stderr.
 *
 * <p>Admission runs on a virtual thread per connection: socket reads park it without holding a
 * carrier. A peer that connects and then says nothing is closed after the handshake timeout
 * ({@code -Dmp4j.handshakeTimeoutMillis}, 30 s by default), so it cannot hold a connection open.
 * A worker that is alive but has not connected when its start times out gets its thread dump
 * ({@code jcmd <pid> Thread.print}) quoted in the error, with the number of connections still in
 * their handshake in this JVM, so a stall can be told apart from a slow start.
 */
final class WorkerLauncher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerLauncher.class.getName());
    private static final long LAUNCH_TIMEOUT_SECONDS = Long.getLong("mp4j.workerStartTimeoutSeconds", 120);
    private static final long HANDSHAKE_MILLIS = Long.getLong("mp4j.handshakeTimeoutMillis", 30_000);
    private static final int DUMP_MAX_CHARS = 64 * 1024;

    private final Path dir;
    private final Path socketPath;
    private final byte[] key = Handshake.newKey();
    private final ServerSocketChannel server;
    private final Map<String, CompletableFuture<Accepted>> pending = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private final long handshakeMillis;
    private final long launchTimeoutSeconds;
    private final java.util.concurrent.atomic.AtomicInteger admitting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    private record Accepted(FrameChannel channel, long pid, long readyNanos) {
    }

    WorkerLauncher() throws IOException {
        this(HANDSHAKE_MILLIS, LAUNCH_TIMEOUT_SECONDS);
    }

    /** With explicit time limits (tests use short ones). */
    WorkerLauncher(long handshakeMillis, long launchTimeoutSeconds) throws IOException {
        this.handshakeMillis = handshakeMillis;
        this.launchTimeoutSeconds = launchTimeoutSeconds;
        SocketDirs.sweepStale();
        dir = SocketDirs.create();
        socketPath = dir.resolve("w.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        acceptor = Thread.ofPlatform().daemon().name("mp4j-worker-acceptor").start(this::acceptLoop);
    }

    byte[] authkey() {
        return key.clone();
    }

    Path socketPath() {
        return socketPath;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "worker acceptor stopped: " + e);
                }
                return;
            }
            Thread.ofVirtual().name("mp4j-worker-handshake").start(() -> admit(ch));
        }
    }

    private void admit(SocketChannel ch) {
        // A blocking channel has no read timeout: close it from a timer if admission takes too long.
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture.delayedExecutor(handshakeMillis, TimeUnit.MILLISECONDS).execute(() -> {
            if (done.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "closed a worker-socket connection that did not complete"
                        + " its handshake within " + handshakeMillis + " ms (-Dmp4j.handshakeTimeoutMillis)");
                close(ch);
            }
        });
        admitting.incrementAndGet();
        try {
            admitTimed(ch, done);
        } finally {
            done.set(true); // admitted, or closed already: the timer has nothing left to do
            admitting.decrementAndGet();
        }
    }

    private void admitTimed(SocketChannel ch, java.util.concurrent.atomic.AtomicBoolean done) {
        try {
            Handshake.serve(ch, key);
            FrameChannel fc = new FrameChannel(ch);
            Frame hello = fc.receive();
            if (hello.type() != FrameType.HELLO || hello.payload().length < 8) {
                throw new IOException("expected HELLO, got frame type " + hello.type());
            }
            ByteBuffer b = ByteBuffer.wrap(hello.payload());
            long pid = b.getLong();
            String launchId = new String(hello.payload(), 8, hello.payload().length - 8, StandardCharsets.UTF_8);
            if (!done.compareAndSet(false, true)) {
                throw new IOException("handshake timed out");
            }
            CompletableFuture<Accepted> f = pending.remove(launchId);
            if (f == null || !f.complete(new Accepted(fc, pid, System.nanoTime()))) {
                fc.close();
            }
        } catch (Handshake.AuthenticationException e) {
            LOG.log(System.Logger.Level.WARNING, "rejected a worker connection: " + e.getMessage());
            close(ch);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "worker connection dropped during admission: " + e);
            close(ch);
        }
    }

    private static void close(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // best-effort
        }
    }

    /** Starts a worker and waits until it is connected and authenticated. */
    WorkerConnection launch(LaunchSpec spec, String displayName) {
        return launch(spec, displayName, p -> { });
    }

    /** As {@link #launch(LaunchSpec, String)}, telling {@code onStarted} the process as soon as it exists. */
    WorkerConnection launch(LaunchSpec spec, String displayName, java.util.function.Consumer<Process> onStarted) {
        if (closed) {
            throw new IllegalStateException("the spawn context is shut down");
        }
        long start = System.nanoTime();
        String launchId = UUID.randomUUID().toString();
        CompletableFuture<Accepted> accepted = new CompletableFuture<>();
        pending.put(launchId, accepted);
        Process process;
        boolean inherits = JavaCommand.inheritSystemProperties();
        List<String> cmd = JavaCommand.build(spec, AotCache.forOptions(spec.jvmOptions()), List.of(),
                inherits ? JavaCommand.inheritedOptions() : List.of());
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(spec.environment());
            process = pb.start();
            onStarted.accept(process);
        } catch (IOException e) {
            pending.remove(launchId);
            throw new IllegalStateException("cannot start a worker JVM (" + cmd.getFirst() + "): " + e.getMessage(), e);
        }
        OutputPump out = new OutputPump(process.getInputStream(), false, null, "mp4j-stdout-" + process.pid());
        OutputPump err = new OutputPump(process.getErrorStream(), true, null, "mp4j-stderr-" + process.pid());
        out.start();
        err.start();
        try (OutputStream stdin = process.getOutputStream()) {
            String role = "spare".equals(displayName) ? "spare" : "direct";
            String boot = socketPath + "\n" + HexFormat.of().formatHex(key) + "\n" + launchId + "\n" + role + "\n";
            stdin.write(boot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the worker died at once; its exit is reported below
        }
        ProcessExit.of(process).thenRun(() -> accepted.completeExceptionally(new IllegalStateException("exited")));
        try {
            Accepted a = accepted.get(launchTimeoutSeconds, TimeUnit.SECONDS);
            return new WorkerConnection(process, a.channel(), spec, out, err, start, a.readyNanos(), inherits);
        } catch (ExecutionException e) {
            throw startupFailure(process, err, displayName);
        } catch (TimeoutException e) {
            String dump = process.isAlive() ? threadDump(process.pid()) : "(it exited)";
            int inHandshake = admitting.get();
            process.destroyForcibly();
            throw new IllegalStateException("worker JVM pid " + process.pid() + " did not connect within "
                    + launchTimeoutSeconds + " s (-Dmp4j.workerStartTimeoutSeconds); connections in their"
                    + " handshake in this JVM: " + inHandshake + "; the worker's threads:\n" + dump);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a worker JVM", e);
        } finally {
            pending.remove(launchId);
        }
    }

    /**
     * The thread dump of a live JVM through {@code jcmd}, written to a file rather than a pipe so
     * no thread here blocks reading it.
     */
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
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.awaitDrained(1000);
        int code = process.isAlive() ? 0 : io.multiprocessing4j.process.ExitCodes.fromProcessStatus(process.exitValue());
        return new WorkerCrashedException(process.pid(), code, null, null, err.tail(),
                "it died during start-up, before connecting" + (displayName == null ? "" : " (" + displayName + ")"));
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // best-effort
        }
        try {
            Files.deleteIfExists(socketPath);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best-effort
        }
        acceptor.interrupt();
    }
}
