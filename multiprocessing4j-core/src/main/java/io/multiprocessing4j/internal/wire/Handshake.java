package io.multiprocessing4j.internal.wire;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Mutual authentication with a shared key, before a single object is deserialized: Python's
 * {@code deliver_challenge} / {@code answer_challenge}, in both directions.
 *
 * <p>Implementation notes. Each side sends a 32-byte random challenge and expects back its
 * HMAC-SHA256 under the shared key, compared in constant time. The messages:
 * <pre>
 *   client -> server   "MP4J" nonceC            (at once, on connect)
 *   server -> client   nonceS                   (at once, on accept)
 *   client -> server   HMAC(key, 'C' nonceS)
 *   server -> client   OK HMAC(key, 'S' nonceC)  (only after the client's proof checked out)
 *   client -> server   OK
 * </pre>
 * The first two cross each other, so a connection is authenticated in two round trips (it was
 * three and a half when each side challenged in turn, and each hop costs a thread wake-up on both
 * sides). The server still answers nothing before the client has proved the key, so a client
 * without it learns nothing but a random nonce. The direction byte in each MAC stops a reflection:
 * a peer that sends the server its own nonce back as "nonceC" gets a MAC that is no answer to the
 * server's challenge. The client's final OK follows it at once, with its first frame, so it costs
 * no wait.
 *
 * <p>The magic lets a TLS server tell a client without TLS (whose first byte is not a TLS
 * record's) from a TLS one and hang up at once, and a plain server refuse a stray client (an HTTP
 * request, a port scanner) by its first four bytes. Raw bytes only: no frame is parsed and nothing
 * is deserialized until both proofs pass.
 */
public final class Handshake {
    public static final int KEY_BYTES = 32;
    private static final int CHALLENGE_BYTES = 32;
    private static final int MAC_BYTES = 32;
    private static final byte OK = 1;
    private static final byte REFUSED = 0;
    private static final byte FROM_CLIENT = 'C';
    private static final byte FROM_SERVER = 'S';
    /** What a connecting side sends first: "MP4J". */
    public static final byte[] MAGIC = {'M', 'P', '4', 'J'};
    private static final SecureRandom RANDOM = new SecureRandom();
    /** {@code Mac.getInstance} walks the security providers each time; reuse instances instead. */
    private static final ConcurrentLinkedQueue<Mac> MACS = new ConcurrentLinkedQueue<>();

    private Handshake() {
    }

    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The accepting side. */
    public static void serve(ByteChannel ch, byte[] key) throws IOException {
        byte[] nonceS = nonce();
        IOException unsent = null;
        try {
            writeFully(ch, ByteBuffer.wrap(nonceS));
        } catch (IOException e) {
            unsent = e; // the peer hung up already: what it sent may still say who it was
        }
        byte[] magic = readFully(ch, MAGIC.length);
        if (unsent != null && MessageDigest.isEqual(magic, MAGIC)) {
            throw unsent;
        }
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new AuthenticationException("the peer is not a multiprocessing4j client (its first bytes were "
                    + java.util.HexFormat.of().formatHex(magic) + "; a TLS client connecting to a server without TLS?)");
        }
        byte[] nonceC = readFully(ch, CHALLENGE_BYTES);
        byte[] proof = readFully(ch, MAC_BYTES);
        if (!MessageDigest.isEqual(proof, hmac(key, FROM_CLIENT, nonceS))) {
            writeFully(ch, ByteBuffer.wrap(new byte[] {REFUSED}));
            throw new AuthenticationException("peer failed the authentication challenge (wrong authkey)");
        }
        ByteBuffer answer = ByteBuffer.allocate(1 + MAC_BYTES);
        answer.put(OK).put(hmac(key, FROM_SERVER, nonceC)).flip();
        writeFully(ch, answer);
        if (readFully(ch, 1)[0] != OK) {
            throw new AuthenticationException("peer rejected our authentication (wrong authkey)");
        }
    }

    /** The connecting side. */
    public static void connect(ByteChannel ch, byte[] key) throws IOException {
        byte[] nonceC = nonce();
        ByteBuffer hello = ByteBuffer.allocate(MAGIC.length + CHALLENGE_BYTES);
        hello.put(MAGIC).put(nonceC).flip();
        writeFully(ch, hello);
        byte[] nonceS = readFully(ch, CHALLENGE_BYTES);
        writeFully(ch, ByteBuffer.wrap(hmac(key, FROM_CLIENT, nonceS)));
        if (readFully(ch, 1)[0] != OK) {
            throw new AuthenticationException("peer rejected our authentication (wrong authkey)");
        }
        byte[] proof = readFully(ch, MAC_BYTES);
        if (!MessageDigest.isEqual(proof, hmac(key, FROM_SERVER, nonceC))) {
            writeFully(ch, ByteBuffer.wrap(new byte[] {REFUSED}));
            throw new AuthenticationException("peer failed the authentication challenge (wrong authkey)");
        }
        writeFully(ch, ByteBuffer.wrap(new byte[] {OK}));
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    private static byte[] hmac(byte[] key, byte direction, byte[] message) {
        Mac mac = MACS.poll();
        try {
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
            }
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(direction);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        } finally {
            if (mac != null) {
                MACS.offer(mac);
            }
        }
    }

    private static void writeFully(ByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static byte[] readFully(ByteChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new AuthenticationException("peer closed the connection during authentication");
            }
        }
        return b.array();
    }

    /** The peer did not prove it holds the key, or hung up while trying. */
    public static final class AuthenticationException extends IOException {
        private static final long serialVersionUID = 1L;

        public AuthenticationException(String message) {
            super(message);
        }
    }
}
