package io.multiprocessing4j.internal.serial;

import io.multiprocessing4j.spi.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the deserialization filter refuses: graphs deeper than the stack allows, arrays longer than
 * the message, known gadget classes; and, in allow-list mode, any class not listed.
 */
class DeserializationFilterTest {
    private static final DefaultSerializer S = DefaultSerializer.INSTANCE;
    private static final ClassLoader LOADER = DeserializationFilterTest.class.getClassLoader();

    static Map<String, Object> nested(int depth) {
        Map<String, Object> top = new HashMap<>();
        Map<String, Object> cur = top;
        for (int i = 0; i < depth; i++) {
            Map<String, Object> next = new HashMap<>();
            cur.put("k", next);
            cur = next;
        }
        return top;
    }

    @Test
    void aHashMapNestedDeeperThanTheDepthLimitIsRefusedWithAClearMessage() {
        byte[] deep = S.serialize(nested(300));
        assertThatThrownBy(() -> S.deserialize(deep, LOADER))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("maxdepth=" + SerialFilter.DEFAULT_MAX_DEPTH)
                .hasMessageContaining("mp4j.serialFilter");
        // well within the limit: fine
        assertThat(S.deserialize(S.serialize(nested(100)), LOADER)).isEqualTo(nested(100));
    }

    @Test
    void aStackOverflowWhileDecodingBecomesARefusedValueAndTheThreadLivesOn() throws Exception {
        byte[] allowedButDeep = S.serialize(nested(SerialFilter.DEFAULT_MAX_DEPTH - 20));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CompletableFuture<String> after = new CompletableFuture<>();
        // a 128 KiB stack holds fewer than 100 nested maps: the filter's depth limit does not fire first
        Thread t = new Thread(null, () -> {
            try {
                S.deserialize(allowedButDeep, LOADER);
            } catch (Throwable e) {
                thrown.set(e);
            }
            after.complete((String) S.deserialize(S.serialize("still serving"), LOADER));
        }, "small-stack-decoder", 128 * 1024);
        t.start();
        t.join();
        assertThat(thrown.get()).isInstanceOf(SerializationException.class).hasMessageContaining("nested too deeply");
        assertThat(after.getNow(null)).isEqualTo("still serving");
    }

    @Test
    void badAttributeValueExpExceptionIsRefusedAsAKnownGadget() throws Exception {
        byte[] gadget = S.serialize(badAttributeValueExpException());
        assertThatThrownBy(() -> S.deserialize(gadget, LOADER))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("javax.management.BadAttributeValueExpException")
                .hasMessageContaining("deny-list");
    }

    @Test
    void anArrayLongerThanTheRestOfTheMessageIsRefusedBeforeItIsAllocated() {
        byte[] ok = S.serialize(new Object[] {new int[] {1, 2, 3}}); // JDK path: an Object[] is not a fast-path type
        // the int[]'s length is the 4 bytes before its 12 element bytes, at the very end of the stream
        ByteBuffer.wrap(ok).putInt(ok.length - 16, Integer.MAX_VALUE - 16);
        assertThatThrownBy(() -> S.deserialize(ok, LOADER))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("array of " + (Integer.MAX_VALUE - 16));
    }

    @Test
    void theCompactDecoderRefusesLengthsBeyondTheMessageAndDeepNesting() {
        byte[] bytes = {5, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 1, 2, 3}; // byte[] claiming 2 GiB
        assertThatThrownBy(() -> S.deserialize(bytes, LOADER))
                .isInstanceOf(SerializationException.class).hasMessageContaining("bytes are left");
        byte[] longs = {7, 0, 0x10, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}; // long[] of a million
        assertThatThrownBy(() -> S.deserialize(longs, LOADER))
                .isInstanceOf(SerializationException.class).hasMessageContaining("bytes are left");
        // lists nested 100 000 deep: a recursion the writer never produces
        ByteBuffer b = ByteBuffer.allocate(100_000 * 5 + 5);
        for (int i = 0; i < 100_000; i++) {
            b.put((byte) 15).putInt(1);
        }
        b.put((byte) 15).putInt(0);
        assertThatThrownBy(() -> S.deserialize(b.array(), LOADER))
                .isInstanceOf(SerializationException.class).hasMessageContaining("nested more than");
        // what the writer produces still reads back
        List<Object> fine = List.of(List.of(List.of(1, 2), List.of("x")), 3L);
        assertThat(S.deserialize(S.serialize(fine), LOADER)).isEqualTo(fine);
    }

    @Test
    void allowListModeRefusesAnUnlistedClassAndAcceptsAListedOne() throws Exception {
        java.text.DecimalFormat point = new java.text.DecimalFormat("0.00"); // java.text is not a JDK basic
        SerialFilter allowOnlyBasics = SerialFilter.of(null, "allowlist");
        assertThatThrownBy(() -> read(jdkBytes(point), allowOnlyBasics))
                .isInstanceOf(InvalidClassException.class);
        SerialFilter.StreamFilter f = allowOnlyBasics.forStream(jdkBytes(point).length);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(jdkBytes(point)))) {
            in.setObjectInputFilter(f);
            assertThatThrownBy(in::readObject).isInstanceOf(InvalidClassException.class);
        }
        assertThat(f.refusal()).contains("java.text.DecimalFormat").contains("not on the allow-list");

        SerialFilter listed = SerialFilter.of("java.text.*", "allowlist");
        assertThat(read(jdkBytes(point), listed)).isEqualTo(point);
        // the JDK basics and collections of them pass without being listed
        Map<String, List<Long>> basics = new HashMap<>(Map.of("a", List.of(1L, 2L)));
        assertThat(read(jdkBytes(basics), allowOnlyBasics)).isEqualTo(basics);
        // and the deny-list still applies in allow-list mode
        assertThatThrownBy(() -> read(jdkBytes(badAttributeValueExpException()), allowOnlyBasics))
                .isInstanceOf(InvalidClassException.class);
    }

    @Test
    void limitsInTheUserPatternReplaceTheDefaultsAndAWrongModeIsNamed() throws Exception {
        SerialFilter deeper = SerialFilter.of("maxdepth=600", null);
        assertThat(read(jdkBytes(nested(300)), deeper)).isEqualTo(nested(300));
        SerialFilter refusing = SerialFilter.of("!java.text.DecimalFormat", null);
        assertThatThrownBy(() -> read(jdkBytes(new java.text.DecimalFormat()), refusing)).isInstanceOf(InvalidClassException.class);
        assertThatThrownBy(() -> SerialFilter.of(null, "strict"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mp4j.serialFilterMode");
    }

    /** The gadget chains' favourite entry point, made reflectively (the test module does not read java.management). */
    private static Object badAttributeValueExpException() throws Exception {
        return Class.forName("javax.management.BadAttributeValueExpException").getConstructor(Object.class).newInstance("probe");
    }

    private static byte[] jdkBytes(Object o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static Object read(byte[] bytes, SerialFilter filter) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(filter.forStream(bytes.length));
            return in.readObject();
        }
    }
}
