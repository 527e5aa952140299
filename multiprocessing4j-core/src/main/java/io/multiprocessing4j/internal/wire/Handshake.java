package io.multiprocessing4j.internal.wire;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * Mutual authentication with a shared key, before a single object is deserialized: Python's
 * {@code deliver_challenge} / {@code answer_challenge}, in both directions.
 *
 * <p>Implementation notes. Each side sends a 32-byte random challenge and expects back its
 * HMAC-SHA256 under the shared key, compared in constant time. The server challenges first, so a
 * client without the key learns nothing and is dropped after 32 + 32 bytes. Raw bytes only: no
 * frame is parsed and nothing is deserialized until both proofs pass.
 *
 * <p>The connecting side speaks first, with the 4-byte {@link #MAGIC}. That lets a TLS server tell
 * a client without TLS (whose first byte is not a TLS record's) from a TLS one and hang up at once,
 * where otherwise both would wait for the other to speak; and a plain server refuses a stray
 * client (an HTTP request, a port scanner) by its first bytes.
 */
public final class Handshake {
    public static final int KEY_BYTES = 32;
    private static final int CHALLENGE_BYTES = 32;
    private static final int MAC_BYTES = 32;
    private static final byte OK = 1;
    /** What a connecting side sends first: "MP4J". */
    public static final byte[] MAGIC = {'M', 'P', '4', 'J'};
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {
    }

    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The accepting side. */
    public static void serve(ByteChannel ch, byte[] key) throws IOException {
        byte[] magic = readFully(ch, MAGIC.length);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new AuthenticationException("the peer is not a multiprocessing4j client (its first bytes were "
                    + java.util.HexFormat.of().formatHex(magic) + "; a TLS client connecting to a server without TLS?)");
        }
        challenge(ch, key);
        answer(ch, key);
    }

    /** The connecting side. */
    public static void connect(ByteChannel ch, byte[] key) throws IOException {
        writeFully(ch, ByteBuffer.wrap(MAGIC));
        answer(ch, key);
        challenge(ch, key);
    }

    private static void challenge(ByteChannel ch, byte[] key) throws IOException {
        byte[] nonce = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(nonce);
        writeFully(ch, ByteBuffer.wrap(nonce));
        byte[] reply = readFully(ch, MAC_BYTES);
        if (!MessageDigest.isEqual(reply, hmac(key, nonce))) {
            throw new AuthenticationException("peer failed the authentication challenge (wrong authkey)");
        }
        writeFully(ch, ByteBuffer.wrap(new byte[] {OK}));
    }

    private static void answer(ByteChannel ch, byte[] key) throws IOException {
        byte[] nonce = readFully(ch, CHALLENGE_BYTES);
        writeFully(ch, ByteBuffer.wrap(hmac(key, nonce)));
        byte[] verdict = readFully(ch, 1);
        if (verdict[0] != OK) {
            throw new AuthenticationException("peer rejected our authentication (wrong authkey)");
        }
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
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
