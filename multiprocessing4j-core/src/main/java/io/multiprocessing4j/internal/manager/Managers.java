package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.function.SerializableConsumer;
import io.multiprocessing4j.internal.net.Sockets;
import io.multiprocessing4j.internal.wire.Handshake;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.process.ChildProcess;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Starting managers: in a worker JVM (spawn context), on a thread of this JVM (thread context and
 * {@code Manager.listen}), or connecting to a running one.
 *
 * <p>Implementation notes. A worker-JVM manager listens on a Unix-domain socket in a private 0700
 * directory. The parent learns that the server is ready by connecting to that socket as soon as it
 * exists: the worker binds before it does anything else, a connect to a path not yet bound fails at
 * once, and the parent re-checks the worker's exit between attempts, so a server that fails to start
 * is reported with its exit code instead of a hang. (A separate "ready" rendezvous socket cost the
 * worker a second authenticated connection and the parent a round trip, for nothing the manager
 * socket itself does not already tell.) A warm spare runs {@link #warmUpWorkerPath()} before it
 * reports ready, so a manager started on it runs code that is already loaded and linked.
 */
public final class Managers {
    /**
     * The parent's pause between two looks at a manager socket not yet bound: short while a warm
     * worker would bind any moment (each look is one {@code stat}), longer after a second, when the
     * worker is evidently a cold JVM still starting or a stuck one.
     */
    private static final long SHORT_POLL_NANOS = 200_000;
    private static final long LONG_POLL_NANOS = 10_000_000;

    /**
     * The target of every manager worker. A single method reference, so that the spare's warm-up
     * deserializes the very lambda an assignment carries (a serializable lambda's first
     * deserialization links its call site, a few milliseconds in a fresh JVM).
     */
    private static final SerializableConsumer<WorkerSpec> SERVE = Managers::serveInWorker;

    private Managers() {
    }

    /**
     * What a manager worker needs: its id, where to listen, and the key.
     *
     * @param serverId the server's id, which proxies use to find their session
     * @param socket the Unix-domain socket to listen on
     * @param authkey the key clients must prove
     */
    public record WorkerSpec(String serverId, String socket, byte[] authkey) implements Serializable {
    }

    /** The target a manager worker runs: listen, then serve until shut down. */
    public static void serveInWorker(WorkerSpec spec) throws Exception {
        ManagerServer server = ManagerServer.start(spec.serverId(), Address.unix(Path.of(spec.socket())), spec.authkey());
        server.awaitShutdown();
    }

    /**
     * Starts a manager in a worker JVM.
     *
     * @param processFactory the context's {@code process(target, argument)}
     */
    public static Manager startInWorker(BiFunction<SerializableConsumer<WorkerSpec>, WorkerSpec, ChildProcess> processFactory) {
        Path dir = privateDir();
        byte[] key = Handshake.newKey();
        String serverId = UUID.randomUUID().toString();
        Path socket = dir.resolve("manager.sock");
        ChildProcess child = null;
        try {
            WorkerSpec spec = new WorkerSpec(serverId, socket.toString(), key);
            child = processFactory.apply(SERVE, spec).name("Manager-" + serverId.substring(0, 8)).daemon(true);
            child.start();
            ClientSession session = openWhenListening(socket, key, child);
            return new ManagerClient(session, key, null, child, () -> deleteTree(dir));
        } catch (IOException | RuntimeException e) {
            if (child != null && child.isAlive()) {
                child.kill();
            }
            deleteTree(dir);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException("cannot start a manager process: " + e.getMessage(), (IOException) e);
        }
    }

    /**
     * Opens the session once the worker listens on {@code socket}: polls for the socket file, looking
     * at the worker's exit in between (see {@link #SHORT_POLL_NANOS}).
     */
    private static ClientSession openWhenListening(Path socket, byte[] key, ChildProcess child) throws IOException {
        long start = System.nanoTime();
        long pause = 10_000;
        while (true) {
            if (Files.exists(socket)) {
                try {
                    return ClientSession.open(Address.unix(socket), key, null);
                } catch (IOException e) {
                    // the file appears at bind(), a moment before listen(): a refused connect then is
                    // "not yet" (or the worker just died, which the check below reports); anything
                    // else is a failure, most likely the worker dying mid-handshake: say so if it did
                    if (!refused(e)) {
                        if (exitsSoon(child)) {
                            throw exitedEarly(child, e);
                        }
                        throw e;
                    }
                }
            }
            if (child.exitCodeIfDone().isPresent()) {
                throw exitedEarly(child, null);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, System.nanoTime() - start < 1_000_000_000L ? SHORT_POLL_NANOS : LONG_POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the manager process to listen");
            }
        }
    }

    private static boolean exitsSoon(ChildProcess child) {
        try {
            return child.join(java.time.Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static IllegalStateException exitedEarly(ChildProcess child, Throwable cause) {
        return new IllegalStateException("the manager process exited with code " + child.exitCode()
                + " before it was ready (see its stderr)", cause);
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs what a manager worker and its first client requests run, once, in this JVM: the target's
     * deserialization, a server's start, the handshake, {@code HELLO}, {@code CREATE} and a call. A
     * spare worker calls it before it reports ready (and the AOT training run through it), so the
     * manager started on a spare does not pay for loading, linking and initialising that code
     * (about 30 ms of the 45 ms it took before). Failures are ignored: warming up is an optimisation.
     */
    public static void warmUpWorkerPath() {
        try {
            var serializer = io.multiprocessing4j.internal.serial.DefaultSerializer.INSTANCE;
            ClassLoader loader = Managers.class.getClassLoader();
            serializer.deserialize(serializer.serialize(SERVE), loader);
            serializer.deserialize(serializer.serialize(new WorkerSpec("warm-up", "warm-up", new byte[1])), loader);
            try (Manager m = startInThisJvm()) {
                java.util.Map<String, Integer> d = m.dict();
                d.put("warm-up", 1);
            }
        } catch (RuntimeException | LinkageError e) {
            // warming up is an optimisation only
        }
    }

    /** Starts a manager server on threads of this JVM, on a private Unix-domain socket. */
    public static Manager startInThisJvm() {
        Path dir = privateDir();
        try {
            return startLocal(Address.unix(dir.resolve("manager.sock")), Handshake.newKey(), null, () -> deleteTree(dir));
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot start a manager: " + e.getMessage(), e);
        }
    }

    public static Manager listen(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        java.util.Objects.requireNonNull(address, "address must not be null: pass Address.parse(\"HOST:PORT\")");
        return startLocal(address, Sockets.checkKey(authkey), tls, null);
    }

    private static Manager startLocal(Address address, byte[] key, TlsConfig tls, Runnable cleanup) throws IOException {
        ManagerServer server = ManagerServer.start(UUID.randomUUID().toString(), address, key, tls);
        try {
            Address connectTo = server.address();
            if (connectTo instanceof Address.Tcp tcp && (tcp.host().equals("0.0.0.0") || tcp.host().equals("::"))) {
                connectTo = Address.tcp("127.0.0.1", tcp.port());
            }
            // the owner's own session stays on this machine: the certificate need not name the loopback address
            TlsConfig own = tls != null && isLoopback(connectTo) ? tls.withoutHostnameVerification() : tls;
            return new ManagerClient(ClientSession.open(connectTo, key, own), key, server, null, cleanup);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public static Manager connect(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        java.util.Objects.requireNonNull(address, "address must not be null: pass Address.parse(\"HOST:PORT\")");
        byte[] key = Sockets.checkKey(authkey);
        return new ManagerClient(ClientSession.open(address, key, tls), key, null, null, null);
    }

    private static boolean isLoopback(Address address) {
        if (!(address instanceof Address.Tcp tcp)) {
            return false;
        }
        String h = tcp.host();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    private static Path privateDir() {
        try {
            return Files.createTempDirectory("mp4j-mgr-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory for the manager socket in "
                    + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best-effort
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // already gone, or a socket file vanished while we walked it (the server removes its own)
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // not empty after all: leave it rather than fail a close
        }
    }
}
