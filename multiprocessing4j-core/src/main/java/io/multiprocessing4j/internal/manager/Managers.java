package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.Client;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.connection.Listener;
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
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Starting managers: in a worker JVM (spawn context), on a thread of this JVM (thread context and
 * {@code Manager.listen}), or connecting to a running one.
 *
 * <p>Implementation notes. A worker-JVM manager listens on a Unix-domain socket in a private 0700
 * directory. The parent learns that the server is ready through a second, one-shot authenticated
 * socket in the same directory that the worker connects to once it is bound; the worker's exit
 * closes that rendezvous, so a server that fails to start is reported with its exit code instead of
 * a hang.
 */
public final class Managers {
    private Managers() {
    }

    /**
     * What a manager worker needs: its id, where to listen, the key, and where to say it is ready.
     *
     * @param serverId the server's id, which proxies use to find their session
     * @param socket the Unix-domain socket to listen on
     * @param authkey the key clients must prove
     * @param ready the parent's one-shot rendezvous
     */
    public record WorkerSpec(String serverId, String socket, byte[] authkey, Address ready) implements Serializable {
    }

    /** The target a manager worker runs: serve until shut down. */
    public static void serveInWorker(WorkerSpec spec) throws Exception {
        ManagerServer server = ManagerServer.start(spec.serverId(), Address.unix(Path.of(spec.socket())), spec.authkey());
        try (Connection c = Client.connect(spec.ready(), spec.authkey())) {
            c.send("ready");
        }
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
        try (Listener ready = Listener.bind(Address.unix(dir.resolve("ready.sock")), key)) {
            WorkerSpec spec = new WorkerSpec(serverId, socket.toString(), key, ready.address());
            child = processFactory.apply(Managers::serveInWorker, spec).name("Manager-" + serverId.substring(0, 8)).daemon(true);
            child.start();
            ChildProcess started = child;
            child.onExit().thenRun(ready::close);
            try (Connection c = ready.accept()) {
                c.recv();
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String why = started.exitCodeIfDone().isPresent()
                        ? "the manager process exited with code " + started.exitCode() + " before it was ready (see its stderr)"
                        : "the manager process did not report ready: " + e;
                throw new IllegalStateException(why, e);
            }
            ClientSession session = ClientSession.open(Address.unix(socket), key, null);
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
