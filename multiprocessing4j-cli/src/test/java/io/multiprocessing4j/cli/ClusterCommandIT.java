package io.multiprocessing4j.cli;

import io.multiprocessing4j.cluster.ClusterContext;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.sync.ProcessLock;
import io.multiprocessing4j.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mp4j cluster start} in a JVM of its own, stopped by {@code mp4j cluster stop}: nothing is left running. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterCommandIT {

    /** Starts {@code mp4j cluster start ARGS} as its own JVM and returns once it printed its join address. */
    private static Process startCluster(Path state, List<String> args, List<String> output) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dmp4j.cluster.workDir=" + Path.of("target", "ignite-work").toAbsolutePath(),
                "-Dmp4j.cluster.nodeHeapMb=256",
                "-cp", System.getProperty("java.class.path"),
                Mp4jCommand.class.getName(), "cluster", "start", "--state-file", state.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            output.add(line);
            if (line.contains("-Dmp4j.cluster.join=")) {
                Thread.ofPlatform().daemon().start(() -> r.lines().forEach(l -> { })); // keep draining its output
                return p;
            }
        }
        throw new AssertionError("mp4j cluster start ended without a join address:\n" + String.join("\n", output));
    }

    private static int run(PrintStream err, String... args) {
        PrintStream old = System.err;
        System.setErr(err);
        try {
            return new CommandLine(new Mp4jCommand()).execute(args);
        } finally {
            System.setErr(old);
        }
    }

    private static List<ProcessHandle> recorded(Path state) throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(state)) {
            p.load(r);
        }
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.of(Long.parseLong(p.getProperty("starterPid"))).ifPresent(out::add);
        Arrays.stream(p.getProperty("nodePids").split(",")).map(s -> ProcessHandle.of(Long.parseLong(s)))
                .forEach(h -> out.add(h.orElseThrow()));
        assertThat(p.getProperty("join")).matches("127\\.0\\.0\\.1:\\d+\\.\\.\\d+");
        return out;
    }

    @Test
    void startRunsNodesUntilStopEndsThemAll(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("cluster.properties");
        List<String> output = new ArrayList<>();
        Process starter = startCluster(state, List.of("--nodes", "1"), output);
        try {
            assertThat(output.getLast()).contains("1 node ready").contains("-Dmp4j.cluster.join=127.0.0.1:");
            List<ProcessHandle> all = recorded(state);
            assertThat(all).hasSize(2).allMatch(ProcessHandle::isAlive);

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(run(new PrintStream(err), "cluster", "start", "--nodes", "1", "--state-file", state.toString()))
                    .as("a second start while one runs").isEqualTo(2);
            assertThat(err.toString()).contains("already runs");

            assertThat(run(System.err, "cluster", "stop", "--state-file", state.toString())).isZero();
            for (ProcessHandle h : all) {
                h.onExit().get(60, TimeUnit.SECONDS);
            }
            assertThat(all).noneMatch(ProcessHandle::isAlive);
            assertThat(state).doesNotExist();
        } finally {
            starter.destroyForcibly();
        }
    }

    @Test
    void startWithAKeyStoreFormsATlsClusterOfTwoThatAProgramJoinsWithTheSameStore(@TempDir Path dir) throws Exception {
        Path store = TestCertificates.keyStore(dir, "cluster", "IP:127.0.0.1,DNS:localhost");
        Path password = Files.writeString(dir.resolve("password"), new String(TestCertificates.PASSWORD));
        Path state = dir.resolve("cluster.properties");
        List<String> output = new ArrayList<>();
        Process starter = startCluster(state, List.of("--nodes", "2", "--tls-keystore", store.toString(),
                "--tls-password-file", password.toString()), output);
        try {
            assertThat(output.getLast()).contains("2 nodes ready").contains("(TLS)");
            List<ProcessHandle> all = recorded(state);
            assertThat(all).hasSize(3);
            String join = output.getLast().replaceAll(".*-Dmp4j.cluster.join=", "").trim();
            try (ClusterContext ctx = ClusterContext.joinTls(List.of(join), store, TestCertificates.PASSWORD);
                 Pool pool = ctx.pool(2)) {
                assertThat(ctx.serverCount()).isEqualTo(2);
                assertThat(pool.map((Integer x) -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
                ProcessLock lock = ctx.lock();
                assertThat(lock.tryLock()).isTrue();
                lock.unlock();
            }
            assertThat(run(System.err, "cluster", "stop", "--state-file", state.toString())).isZero();
            for (ProcessHandle h : all) {
                h.onExit().get(60, TimeUnit.SECONDS);
            }
        } finally {
            starter.destroyForcibly();
        }
    }

    @Test
    void badRequestsSayWhatIsWrong(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path state = dir.resolve("none.properties");
        assertThat(run(new PrintStream(err), "cluster", "stop", "--state-file", state.toString())).isEqualTo(2);
        assertThat(run(new PrintStream(err), "cluster", "start", "--nodes", "0", "--state-file", state.toString())).isEqualTo(2);
        assertThat(run(new PrintStream(err), "cluster", "start", "--tls-keystore", dir.resolve("k.p12").toString(),
                "--state-file", state.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nothing to stop").contains("--nodes must be at least 1")
                .contains("needs its password");
    }
}
