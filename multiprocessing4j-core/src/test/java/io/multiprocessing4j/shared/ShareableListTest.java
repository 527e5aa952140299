package io.multiprocessing4j.shared;

import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exact round trips, including the cases CPython's ShareableList gets wrong. */
@ExtendWith(NoLeftoverWorkers.class)
class ShareableListTest {

    private static List<Object> roundTrip(List<Object> values) {
        ShareableList l = ShareableList.create(values);
        try (ShareableList other = ShareableList.attach(l.name())) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < other.size(); i++) {
                out.add(other.get(i));
            }
            return out;
        } finally {
            l.close();
            l.unlink();
        }
    }

    @Test
    void everySupportedValueComesBackExactlyWithItsType() {
        List<Object> in = Arrays.asList(null, true, false, 0, -1, Integer.MIN_VALUE, Long.MAX_VALUE, 3L, 1.5f,
                Double.NaN, -0.0, Double.MIN_VALUE, "", "plain");
        assertThat(roundTrip(in)).containsExactlyElementsOf(in);
        assertThat(roundTrip(in).get(4)).isInstanceOf(Integer.class);
        assertThat(roundTrip(in).get(7)).isInstanceOf(Long.class);
    }

    @Test
    void trailingZeroBytesSurvive() { // CPython gh-106939: strips trailing NULs of str and bytes
        List<Object> out = roundTrip(Arrays.asList("ab\0", "\0\0", new byte[] {1, 0, 0}, new byte[] {0}, new byte[0],
                new byte[8], "12345678\0"));
        assertThat(out.get(0)).isEqualTo("ab\0");
        assertThat(out.get(1)).isEqualTo("\0\0");
        assertThat((byte[]) out.get(2)).containsExactly(1, 0, 0);
        assertThat((byte[]) out.get(3)).containsExactly(0);
        assertThat((byte[]) out.get(4)).isEmpty();
        assertThat((byte[]) out.get(5)).hasSize(8).containsOnly(0);
        assertThat(out.get(6)).isEqualTo("12345678\0");
    }

    @Test
    void multiByteUtf8IsSizedInBytes() { // CPython gh-145261 / #88336: UTF-8 length mistakes corrupt items
        List<Object> in = List.of("é", "日本語のテキスト", "😀😀😀", "x".repeat(7) + "é", "ü");
        assertThat(roundTrip(new ArrayList<>(in))).containsExactlyElementsOf(in);
    }

    @Test
    void assignmentsFitTheirSlotOrAreRefusedWithoutDamage() { // CPython #96779: neighbours get overwritten
        ShareableList l = ShareableList.create(List.of("abcdefgh", 1, "zz"));
        try {
            l.set(0, "日本"); // 6 bytes, fits 8
            assertThat(l.get(0)).isEqualTo("日本");
            l.set(1, 2.5); // an int slot takes any 8-byte value
            assertThat(l.get(1)).isEqualTo(2.5);
            assertThatThrownBy(() -> l.set(2, "123456789")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 8 bytes");
            assertThat(l.get(2)).isEqualTo("zz");
            assertThat(l.get(1)).isEqualTo(2.5);
            l.set(2, null);
            assertThat(l.get(2)).isNull();
            assertThat(l.set(2, new byte[] {0, 0})).isNull();
            assertThat((byte[]) l.get(2)).containsExactly(0, 0);
            assertThatThrownBy(() -> l.set(0, new Object())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.lang.Object");
            assertThatThrownBy(() -> l.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(l.size()).isEqualTo(3);
            assertThat(l.indexOf(2.5)).isEqualTo(1);
        } finally {
            l.close();
            l.unlink();
        }
    }

    @Test
    void emptyListWorks() {
        assertThat(roundTrip(List.of())).isEmpty();
    }
}
