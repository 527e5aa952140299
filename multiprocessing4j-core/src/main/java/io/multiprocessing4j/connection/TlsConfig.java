package io.multiprocessing4j.connection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;

/**
 * TLS for connections that leave the machine: a remote {@code Manager} ({@code Manager.listen} and
 * {@code Manager.connect}). Python's managers have no TLS; here the authkey handshake runs inside
 * the TLS session, so the key proof, every object and every call are encrypted, and the client
 * checks the server's certificate (and host name) before it sends anything.
 *
 * <pre>{@code
 * // server: a key store holding the server's private key and certificate (PKCS12 or JKS)
 * TlsConfig serverTls = TlsConfig.keyStore(Path.of("manager.p12"), password);
 * Manager server = Manager.listen(Address.parse("0.0.0.0:50000"), key, serverTls);
 *
 * // client: a trust store holding the server's certificate (or the CA that signed it)
 * TlsConfig clientTls = TlsConfig.trustStore(Path.of("manager-trust.p12"), password);
 * Manager client = Manager.connect(Address.parse("hostA:50000"), key, clientTls);
 * }</pre>
 *
 * <p>A key store also serves as a trust store: the certificates in it are trusted, so one
 * self-signed {@code .p12} file can configure both sides. Host name verification is on: the
 * certificate must name the host the client connects to (a DNS or IP subject alternative name);
 * {@link #withoutHostnameVerification()} turns it off for certificates that cannot.
 *
 * <p><b>Travelling proxies.</b> A configuration made from files is serializable (it carries the
 * paths and the password), so a proxy sent to a child process or a pool task reconnects over TLS
 * there, provided the files exist on that machine. One made with {@link #of(SSLContext)} cannot
 * travel: sending its proxies to another process fails with a message saying so.
 *
 * <p>Immutable and thread-safe; the {@link SSLContext} is built once, on first use.
 */
public final class TlsConfig implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String storePath;
    private final char[] password;
    private final boolean hasKeys;
    private final boolean verifyHostname;
    private transient volatile SSLContext context;

    private TlsConfig(String storePath, char[] password, boolean hasKeys, boolean verifyHostname, SSLContext context) {
        this.storePath = storePath;
        this.password = password;
        this.hasKeys = hasKeys;
        this.verifyHostname = verifyHostname;
        this.context = context;
    }

    /**
     * A server's (or both sides') configuration: a key store holding a private key and its
     * certificate chain, whose certificates are also trusted. The file is read on first use.
     *
     * @param keyStore a PKCS12 ({@code .p12}, {@code .pfx}) or JKS file
     * @param password the store's password, also used for its key
     * @throws IllegalArgumentException if the file does not exist
     */
    public static TlsConfig keyStore(Path keyStore, char[] password) {
        return new TlsConfig(existing(keyStore, "keyStore"), passwordOf(password), true, true, null);
    }

    /**
     * A client's configuration: a trust store holding the server's certificate or the authority
     * that signed it.
     *
     * @param trustStore a PKCS12 or JKS file
     * @param password the store's password
     * @throws IllegalArgumentException if the file does not exist
     */
    public static TlsConfig trustStore(Path trustStore, char[] password) {
        return new TlsConfig(existing(trustStore, "trustStore"), passwordOf(password), false, true, null);
    }

    /**
     * A configuration from a ready {@link SSLContext} (your own key and trust managers, a
     * hardware token...). It works in this process only: see "Travelling proxies" above.
     */
    public static TlsConfig of(SSLContext context) {
        Objects.requireNonNull(context, "context must not be null: pass an initialised SSLContext, e.g. SSLContext.getDefault()");
        return new TlsConfig(null, null, true, true, context);
    }

    /**
     * The same configuration without host name verification: the client still checks that the
     * certificate is trusted, but not that it names the host. Use it for a self-signed
     * certificate that lists no host names; prefer a certificate with the right names.
     */
    public TlsConfig withoutHostnameVerification() {
        return new TlsConfig(storePath, password, hasKeys, false, context);
    }

    /**
     * @return whether this configuration can be sent to another process: true when it was made
     *     from files, false for {@link #of(SSLContext)}
     */
    public boolean portable() {
        return storePath != null;
    }

    /** @return whether a client checks that the server's certificate names the host it connects to */
    public boolean verifiesHostname() {
        return verifyHostname;
    }

    /**
     * The context, built from the store on first use.
     *
     * @throws UncheckedIOException if the store cannot be read or the password is wrong
     */
    public SSLContext sslContext() {
        SSLContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    c = build();
                    context = c;
                }
            }
        }
        return c;
    }

    private SSLContext build() {
        Path path = Path.of(storePath);
        try {
            KeyStore store = load(path);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext c = SSLContext.getInstance("TLS");
            if (hasKeys) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, password);
                c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            } else {
                c.init(null, tmf.getTrustManagers(), null);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS store " + path + ": " + e.getMessage()
                    + " (is it a PKCS12 or JKS file, and is the password right?)", e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException("cannot use the TLS store " + path + ": " + e.getMessage(), e));
        }
    }

    private KeyStore load(Path path) throws IOException, GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try (InputStream in = Files.newInputStream(path)) {
                KeyStore ks = KeyStore.getInstance(type);
                ks.load(in, password);
                return ks;
            } catch (GeneralSecurityException e) {
                last = e;
            } catch (IOException e) {
                if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                    throw new IOException("wrong password", e);
                }
                if (type.equals("JKS")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    private static String existing(Path path, String argument) {
        Objects.requireNonNull(path, argument + " must not be null: pass the path of a PKCS12 or JKS file");
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(argument + " " + path + " is not a file: pass the path of a PKCS12 or JKS"
                    + " file (docs/manager.md shows how to make one with keytool)");
        }
        return path.toAbsolutePath().toString();
    }

    private static char[] passwordOf(char[] password) {
        Objects.requireNonNull(password, "password must not be null: pass the store's password (an empty array if it has none)");
        return password.clone();
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        if (storePath == null) {
            throw new NotSerializableException("a TlsConfig made with TlsConfig.of(SSLContext) cannot be sent to another"
                    + " process; use TlsConfig.keyStore(..) or TlsConfig.trustStore(..) so proxies can travel");
        }
        out.defaultWriteObject();
    }

    @Override
    public String toString() {
        return "TlsConfig[" + (storePath != null ? (hasKeys ? "keyStore " : "trustStore ") + storePath : "SSLContext")
                + (verifyHostname ? "" : ", no host name verification") + "]";
    }
}
