package io.multiprocessing4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Self-signed key stores for TLS tests, made with the running JDK's {@code keytool}. */
public final class TestCertificates {
    public static final char[] PASSWORD = "changeit".toCharArray();

    private TestCertificates() {
    }

    /** A PKCS12 key store with one EC key pair whose certificate names {@code subjectAltNames}. */
    public static Path keyStore(Path dir, String name, String subjectAltNames) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        return store;
    }

    /** A PKCS12 trust store holding only the certificate of {@code keyStore}'s key (no private key). */
    public static Path trustStoreFor(Path keyStore, Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + ".der");
        Path trust = dir.resolve(name + ".p12");
        keytool("-exportcert", "-alias", "server", "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", new String(PASSWORD));
        return trust;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
