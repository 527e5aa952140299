package io.multiprocessing4j.cli;

import io.multiprocessing4j.cluster.ClusterNodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code mp4j cluster start} / {@code mp4j cluster stop}: an embedded Ignite cluster for the
 * {@code cluster} context that programs started later join.
 *
 * <p>{@code start} runs the nodes as child JVMs of this command, in the foreground until Ctrl-C or
 * {@code mp4j cluster stop}: the nodes halt when it exits, so none outlives it. It prints the
 * {@code -Dmp4j.cluster.join=...} a program passes to join, and records its pid, the nodes' pids and
 * that address in a state file ({@code ~/.cache/mp4j/cluster.properties} unless
 * {@code --state-file} says otherwise), which {@code stop} reads: it asks the starter to stop
 * (SIGTERM; its shutdown hook stops the nodes), kills whatever is left after a grace period, and
 * removes the file. {@code --tls-keystore FILE} turns on TLS between the nodes and their clients,
 * the password coming from {@code --tls-password-file} or {@code MP4J_TLS_PASSWORD}, never the
 * command line.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Start or stop an embedded Apache Ignite cluster on this machine for the cluster context.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class})
public final class ClusterCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("mp4j cluster: say 'start' or 'stop' (mp4j cluster --help)");
    }

    static Path defaultStateFile() {
        return Path.of(System.getProperty("user.home"), ".cache", "mp4j", "cluster.properties");
    }

    static Optional<Properties> readState(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return Optional.of(p);
    }

    /** {@code mp4j cluster start}: runs the nodes until SIGTERM or Ctrl-C (see the class comment). */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start N server nodes on loopback and run until Ctrl-C or 'mp4j cluster stop'.")
    public static final class Start implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--nodes", defaultValue = "2", paramLabel = "N", description = "How many server nodes (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--state-file", paramLabel = "FILE",
                description = "Where to record the running cluster for 'stop' (default ~/.cache/mp4j/cluster.properties).")
        Path stateFile;

        @Option(names = "--tls-keystore", paramLabel = "FILE",
                description = "Encrypt discovery and communication with TLS, with this PKCS12 or JKS file as key and"
                        + " trust store; its password comes from --tls-password-file or MP4J_TLS_PASSWORD.")
        Path tlsKeyStore;

        @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File holding the key store's password (one line).")
        Path tlsPasswordFile;

        /** Completes with the join address once the nodes run and the state file is written (for tests). */
        final CompletableFuture<String> ready = new CompletableFuture<>();

        @Override
        public Integer call() throws Exception {
            Path state = stateFile != null ? stateFile : defaultStateFile();
            if (nodes < 1) {
                return fail("--nodes must be at least 1, got " + nodes);
            }
            Optional<Properties> running = readState(state);
            if (running.isPresent()) {
                long pid = Long.parseLong(running.get().getProperty("starterPid", "-1"));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return fail("a cluster started by mp4j already runs (pid " + pid + ", join "
                            + running.get().getProperty("join") + "); stop it first: mp4j cluster stop"
                            + (stateFile != null ? " --state-file " + stateFile : ""));
                }
            }
            char[] password = null;
            if (tlsKeyStore != null) {
                password = tlsPassword();
                if (password == null) {
                    return fail("--tls-keystore needs its password: set MP4J_TLS_PASSWORD or pass --tls-password-file FILE");
                }
            } else if (tlsPasswordFile != null) {
                return fail("--tls-password-file is for --tls-keystore FILE, which is missing");
            }
            long t0 = System.nanoTime();
            ClusterNodes cluster;
            try {
                cluster = ClusterNodes.start(nodes, tlsKeyStore, password);
            } catch (IllegalArgumentException | IllegalStateException e) {
                ready.completeExceptionally(e);
                return fail(e.getMessage());
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                cluster.close();
                try {
                    Files.deleteIfExists(state);
                } catch (IOException ignored) {
                    // stop removes it too
                }
                stopped.countDown();
            }, "mp4j-cluster-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            writeState(state, cluster);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.println("mp4j cluster: " + nodes + " node" + (nodes == 1 ? "" : "s") + " ready in " + ms + " ms"
                    + (tlsKeyStore != null ? " (TLS)" : "") + "; programs join with -Dmp4j.cluster.join="
                    + cluster.joinAddress());
            System.out.println("mp4j cluster: Ctrl-C or 'mp4j cluster stop' stops the nodes (state in " + state + ")");
            System.out.flush();
            ready.complete(cluster.joinAddress());
            stopped.await(); // the shutdown hook (SIGTERM from 'stop', or Ctrl-C) ends the wait and the JVM
            return 0;
        }

        private static void writeState(Path state, ClusterNodes cluster) throws IOException {
            Properties p = new Properties();
            p.setProperty("starterPid", Long.toString(ProcessHandle.current().pid()));
            p.setProperty("nodePids", cluster.processes().stream().map(h -> Long.toString(h.pid()))
                    .collect(Collectors.joining(",")));
            p.setProperty("join", cluster.joinAddress());
            Files.createDirectories(state.toAbsolutePath().getParent());
            Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "mp4j cluster start: read by mp4j cluster stop");
            }
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        private char[] tlsPassword() throws IOException {
            if (tlsPasswordFile != null) {
                return Files.readString(tlsPasswordFile).strip().toCharArray();
            }
            String env = System.getenv("MP4J_TLS_PASSWORD");
            return env == null ? null : env.toCharArray();
        }
    }

    /** {@code mp4j cluster stop}: stops what the state file records (see the class comment). */
    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the nodes that 'mp4j cluster start' started (and that command).")
    public static final class Stop implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--state-file", paramLabel = "FILE",
                description = "The file 'start' wrote (default ~/.cache/mp4j/cluster.properties).")
        Path stateFile;

        @Option(names = "--grace-seconds", defaultValue = "20", paramLabel = "S",
                description = "How long the nodes get to stop before they are killed (default ${DEFAULT-VALUE}).")
        int graceSeconds;

        @Override
        public Integer call() throws Exception {
            Path state = stateFile != null ? stateFile : defaultStateFile();
            Optional<Properties> p = readState(state);
            if (p.isEmpty()) {
                return fail("no cluster started by mp4j is recorded in " + state + " (nothing to stop)");
            }
            long starter = Long.parseLong(p.get().getProperty("starterPid", "-1"));
            List<ProcessHandle> all = new ArrayList<>();
            ProcessHandle.of(starter).ifPresent(all::add);
            Arrays.stream(p.get().getProperty("nodePids", "").split(",")).filter(s -> !s.isBlank())
                    .map(s -> ProcessHandle.of(Long.parseLong(s.trim()))).flatMap(Optional::stream).forEach(all::add);
            if (starter == ProcessHandle.current().pid()) {
                return fail("the cluster in " + state + " was started by this very process; close it there");
            }
            ProcessHandle.of(starter).ifPresent(ProcessHandle::destroy); // SIGTERM: its hook stops the nodes
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, graceSeconds));
            int killed = 0;
            for (ProcessHandle h : all) {
                try {
                    h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    h.destroyForcibly();
                    killed++;
                }
            }
            Files.deleteIfExists(state);
            long nodeCount = Arrays.stream(p.get().getProperty("nodePids", "").split(",")).filter(s -> !s.isBlank()).count();
            System.out.println("mp4j cluster: stopped " + nodeCount + " node(s) of "
                    + p.get().getProperty("join") + (killed > 0 ? " (" + killed + " killed after " + graceSeconds + " s)" : ""));
            return 0;
        }
    }

    static int fail(String message) {
        System.err.println("mp4j cluster: " + message);
        return 2;
    }
}
