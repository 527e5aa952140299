package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.manager.Manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code manager-tls}: what TLS costs a remote manager. A manager listens on loopback TCP, once
 * plain and once with TLS (a self-signed key store made with the JDK's {@code keytool}); a client
 * in the same JVM measures connect → first dict write acknowledged, and dict {@code put}/{@code get}
 * round trips. Python's managers have no TLS, so there is no CPython side.
 */
public final class ManagerTlsScenario implements Scenario {
    private static final char[] PASSWORD = "mp4j-bench".toCharArray();
    private static final byte[] KEY = "mp4j bench key".getBytes(StandardCharsets.UTF_8);

    @Override
    public String name() {
        return "manager-tls";
    }

    @Override
    public String description() {
        return "remote manager on loopback TCP, plain vs TLS: connect to first write, dict round trips";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int connects = ctx.quick() ? 3 : 11;
        int ops = ctx.quick() ? 5_000 : 20_000;
        Path dir = Files.createTempDirectory("mp4j-bench-tls");
        try {
            Path store = dir.resolve("server.p12");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
            TlsConfig tls = TlsConfig.keyStore(store, PASSWORD);
            for (boolean withTls : new boolean[] {false, true}) {
                String variant = withTls ? "mp4j-tls" : "mp4j-tcp";
                try (Manager server = withTls ? Manager.listen(Address.parse("127.0.0.1:0"), KEY, tls)
                        : Manager.listen(Address.parse("127.0.0.1:0"), KEY)) {
                    double[] connectMs = new double[connects];
                    for (int r = 0; r < connects; r++) {
                        long t0 = System.nanoTime();
                        try (Manager client = connect(server.address(), withTls ? tls : null)) {
                            client.<String, Integer>dict().put("first", 1);
                            connectMs[r] = (System.nanoTime() - t0) / 1e6;
                        }
                        ctx.progress(name() + " " + variant + " connect", r + 1, connects);
                    }
                    try (Manager client = connect(server.address(), withTls ? tls : null)) {
                        Map<Integer, Integer> d = client.dict();
                        for (int i = 0; i < 2 * ops; i++) {
                            d.put(i % ops, i); // warm-up: the JIT compiles both sides
                            d.get(i % ops);
                        }
                        long t0 = System.nanoTime();
                        for (int i = 0; i < ops; i++) {
                            d.put(i, i);
                        }
                        for (int i = 0; i < ops; i++) {
                            d.get(i);
                        }
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        // the first connection of a JVM also initialises the TLS stack: the median leaves it out
                        ctx.record(name(), variant, "connect to first write", ManagerStartScenario.median(connectMs), "ms",
                                Map.of("reps", connects));
                        ctx.record(name(), variant, "first connect to first write", connectMs[0], "ms",
                                Map.of("note", withTls ? "includes the JDK's TLS start-up" : "first connection"));
                        ctx.record(name(), variant, "put/get ops/s, one client", 2 * ops / seconds, "ops/s", Map.of("ops", 2 * ops));
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Manager connect(Address address, TlsConfig tls) throws IOException {
        return tls == null ? Manager.connect(address, KEY) : Manager.connect(address, KEY, tls);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed (a JDK's keytool is needed for the TLS key store): " + out);
        }
    }
}
