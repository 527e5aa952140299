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
import java.nio.file.attribute.PosixFilePermissions;
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
 */
final class WorkerLauncher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerLauncher.class.getName());
    private static final long LAUNCH_TIMEOUT_SECONDS = Long.getLong("mp4j.workerStartTimeoutSeconds", 120);

    private final Path dir;
    private final Path socketPath;
    private final byte[] key = Handshake.newKey();
    private final ServerSocketChannel server;
    private final Map<String, CompletableFuture<Accepted>> pending = new ConcurrentHashMap<>();
    private final Thread acceptor;
    private volatile boolean closed;

    private record Accepted(FrameChannel channel, long pid, long readyNanos) {
    }

    WorkerLauncher() throws IOException {
        dir = Files.createTempDirectory("mp4j-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
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
        List<String> cmd = JavaCommand.build(spec, AotCache.forOptions(spec.jvmOptions()), List.of());
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
            Accepted a = accepted.get(LAUNCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new WorkerConnection(process, a.channel(), spec, out, err, start, a.readyNanos());
        } catch (ExecutionException e) {
            throw startupFailure(process, err, displayName);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("worker JVM pid " + process.pid() + " did not connect within "
                    + LAUNCH_TIMEOUT_SECONDS + " s (-Dmp4j.workerStartTimeoutSeconds)");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a worker JVM", e);
        } finally {
            pending.remove(launchId);
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
