package io.multiprocessing4j.cli;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.manager.Manager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mp4j manager --listen HOST:PORT}: serves a manager until interrupted (Ctrl-C). Clients use {@code Manager.connect(Address.parse("HOST:PORT"), key)}.
 *
 * <p>The authkey comes from {@code --authkey-file} (raw bytes) or the {@code MP4J_AUTHKEY}
 * environment variable (text), never from the command line, where other users could read it in the
 * process list. {@code --tls-keystore FILE} serves over TLS (clients use
 * {@code Manager.connect(address, key, TlsConfig.trustStore(..))}); the store's password likewise
 * comes from a file or {@code MP4J_TLS_PASSWORD}.
 */
@Command(name = "manager", mixinStandardHelpOptions = true,
        description = "Serve a manager (shared dicts, lists, queues, registered objects) on a TCP address or Unix socket.")
public final class ManagerCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "Where to listen: HOST:PORT for TCP (port 0 = any free port) or a Unix socket path.")
    String listen;

    @Option(names = "--authkey-file", paramLabel = "FILE",
            description = "File whose bytes are the authkey (default: the MP4J_AUTHKEY environment variable).")
    Path authkeyFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve over TLS with the private key and certificate in this PKCS12 or JKS file; its"
                    + " password comes from --tls-password-file or the MP4J_TLS_PASSWORD environment variable.")
    Path tlsKeyStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE",
            description = "File holding the key store's password (one line).")
    Path tlsPasswordFile;

    @Override
    // the shutdown hook closes the manager on Ctrl-C, while the try that opened it is still waiting
    @SuppressWarnings("try")
    public Integer call() throws Exception {
        byte[] key = authkey();
        if (key == null) {
            System.err.println("mp4j manager: no authkey; set MP4J_AUTHKEY or pass --authkey-file FILE");
            return 2;
        }
        Address address;
        try {
            address = Address.parse(listen);
        } catch (IllegalArgumentException e) {
            System.err.println("mp4j manager: " + e.getMessage());
            return 2;
        }
        TlsConfig tls = null;
        if (tlsKeyStore != null) {
            char[] password = tlsPassword();
            if (password == null) {
                System.err.println("mp4j manager: --tls-keystore needs its password: set MP4J_TLS_PASSWORD or pass --tls-password-file FILE");
                return 2;
            }
            try {
                tls = TlsConfig.keyStore(tlsKeyStore, password);
            } catch (IllegalArgumentException e) {
                System.err.println("mp4j manager: " + e.getMessage());
                return 2;
            }
        } else if (tlsPasswordFile != null) {
            System.err.println("mp4j manager: --tls-password-file is for --tls-keystore FILE, which is missing");
            return 2;
        }
        CountDownLatch interrupted = new CountDownLatch(1);
        try (Manager manager = tls == null ? Manager.listen(address, key) : Manager.listen(address, key, tls)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                interrupted.countDown();
                manager.close();
            }, "mp4j-manager-stop"));
            System.out.println("mp4j manager listening on " + manager.address() + (tls != null ? " over TLS" : "")
                    + " (Ctrl-C to stop)");
            System.out.flush();
            interrupted.await();
        }
        return 0;
    }

    private char[] tlsPassword() throws java.io.IOException {
        if (tlsPasswordFile != null) {
            return Files.readString(tlsPasswordFile).strip().toCharArray();
        }
        String env = System.getenv("MP4J_TLS_PASSWORD");
        return env == null ? null : env.toCharArray();
    }

    private byte[] authkey() throws java.io.IOException {
        if (authkeyFile != null) {
            return Files.readAllBytes(authkeyFile);
        }
        String env = System.getenv("MP4J_AUTHKEY");
        if (env == null || env.isEmpty()) {
            return null;
        }
        return env.startsWith("hex:") ? HexFormat.of().parseHex(env.substring(4)) : env.getBytes(StandardCharsets.UTF_8);
    }
}
