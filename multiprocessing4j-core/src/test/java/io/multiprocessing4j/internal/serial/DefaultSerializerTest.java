package io.multiprocessing4j.internal.serial;

import io.multiprocessing4j.spi.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultSerializerTest {
    private static final DefaultSerializer S = DefaultSerializer.INSTANCE;
    private static final ClassLoader LOADER = DefaultSerializerTest.class.getClassLoader();

    record Point(int x, String label) implements Serializable {
    }

    static Stream<Object> values() {
        return Stream.of(null, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42L, Long.MIN_VALUE, 3.25, Double.NaN,
                -0.0, true, false, 1.5f, (short) -7, (byte) 0x7f, 'é', "", "héllo wörld ✓",
                "x".repeat(100_000), List.of(), List.of(1, "two", 3.0), List.of(List.of(List.of(1))),
                Arrays.asList(1, null, 3), Map.of("k", 1), new Point(3, "p"), List.of(new Point(1, "a")));
    }

    @ParameterizedTest
    @MethodSource("values")
    void everyCommonValueComesBackEqual(Object value) {
        assertThat(S.deserialize(S.serialize(value), LOADER)).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("values")
    void aValueReadInPlaceFromTheMiddleOfABufferEqualsItsOwnArraysReading(Object value) {
        byte[] alone = S.serialize(value);
        byte[] framed = new byte[alone.length + 7];
        System.arraycopy(alone, 0, framed, 3, alone.length);
        assertThat(S.deserialize(framed, 3, alone.length, LOADER)).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("values")
    void writeScalarWritesExactlyWhatSerializeWritesOrNothing(Object value) {
        byte[] buf = new byte[2 + DefaultSerializer.MAX_SCALAR_BYTES];
        int n = DefaultSerializer.writeScalar(value, buf, 2);
        boolean scalar = value == null || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean;
        if (scalar) {
            assertThat(Arrays.copyOfRange(buf, 2, 2 + n)).isEqualTo(S.serialize(value));
        } else {
            assertThat(n).isEqualTo(-1);
            assertThat(buf).containsOnly(0);
        }
    }

    @Test
    void primitiveArraysComeBackWithTheirContents() {
        byte[] b = {1, -2, 3};
        int[] i = {Integer.MIN_VALUE, 0, 7};
        long[] l = {Long.MAX_VALUE, -1};
        double[] d = {1.5, Double.NEGATIVE_INFINITY};
        assertThat((byte[]) S.deserialize(S.serialize(b), LOADER)).isEqualTo(b);
        assertThat((int[]) S.deserialize(S.serialize(i), LOADER)).isEqualTo(i);
        assertThat((long[]) S.deserialize(S.serialize(l), LOADER)).isEqualTo(l);
        assertThat((double[]) S.deserialize(S.serialize(d), LOADER)).isEqualTo(d);
    }

    @Test
    void anIntIsFiveBytesTagThenBigEndian() {
        assertThat(S.serialize(0x01020304)).containsExactly(1, 1, 2, 3, 4);
    }

    @Test
    void aByteArrayIsTagFiveThenItsLengthThenItsBytes() {
        // the queue writes byte[] items in this encoding without the serializer: it must not drift
        assertThat(S.serialize(new byte[] {9, 8})).containsExactly(5, 0, 0, 0, 2, 9, 8);
    }

    @Test
    void aDeeplyNestedListFallsBackToJdkSerializationAndStillRoundTrips() {
        Object v = "leaf";
        for (int k = 0; k < 20; k++) {
            List<Object> l = new ArrayList<>();
            l.add(v);
            v = l;
        }
        assertThat(S.deserialize(S.serialize(v), LOADER)).isEqualTo(v);
    }

    @Test
    void emptyOrTruncatedInputIsRefusedWithASerializationException() {
        assertThatThrownBy(() -> S.deserialize(new byte[0], LOADER)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("empty");
        byte[] s = S.serialize("a longer string");
        assertThatThrownBy(() -> S.deserialize(Arrays.copyOf(s, s.length - 3), LOADER))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> S.deserialize(new byte[] {(byte) 99}, LOADER)).isInstanceOf(SerializationException.class);
    }

    @Test
    void aLengthLargerThanTheBytesLeftIsRefusedBeforeAllocating() {
        // TAG_BYTES with a length of 2^31-1 and nothing after it
        byte[] hostile = {5, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> S.deserialize(hostile, LOADER)).isInstanceOf(SerializationException.class);
    }

    @Test
    void aValueThatIsNotSerializableFailsInTheCaller() {
        Object notSerializable = new Object();
        assertThatThrownBy(() -> S.serialize(List.of(notSerializable))).isInstanceOf(RuntimeException.class);
    }
}
