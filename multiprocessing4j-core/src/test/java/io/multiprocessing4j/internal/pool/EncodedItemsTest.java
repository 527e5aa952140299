package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.wire.ChunkLayout;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedItemsTest {

    @Test
    void numbersOfOneKindArePackedAsAColumnAndAnythingElseIsNot() {
        assertThat(EncodedItems.column(new Object[]{1, 2, 3}).layout()).isEqualTo(ChunkLayout.INT_COLUMN);
        assertThat(EncodedItems.column(new Object[]{1L, 2L}).layout()).isEqualTo(ChunkLayout.LONG_COLUMN);
        assertThat(EncodedItems.column(new Object[]{1.5, -0.0}).layout()).isEqualTo(ChunkLayout.DOUBLE_COLUMN);
        assertThat(EncodedItems.column(new Object[]{1, 2L})).isNull();
        assertThat(EncodedItems.column(new Object[]{1, null})).isNull();
        assertThat(EncodedItems.column(new Object[]{"a"})).isNull();
        assertThat(EncodedItems.column(new Object[0])).isNull();
    }

    @Test
    void aSliceOfAColumnInTheItemLayoutDecodesToTheSameValues() {
        Object[] values = {7L, Long.MIN_VALUE, -1L, 42L};
        EncodedItems column = EncodedItems.column(values);

        assertThat(decodeItemLayout(column.slice(1, 4).toItemLayout(), 3)).containsExactly(Long.MIN_VALUE, -1L, 42L);
    }

    @Test
    void itemsPackedOneByOneKeepTheirItemLayout() {
        EncodedItems.Builder b = new EncodedItems.Builder(3);
        b.add(DefaultSerializer.INSTANCE.serialize("x"));
        assertThat(b.addScalar(3.25)).isTrue();
        b.add(DefaultSerializer.INSTANCE.serialize(List.of(1, 2)));
        EncodedItems items = b.build();

        assertThat(decodeItemLayout(items.toItemLayout(), 3)).containsExactly("x", 3.25, List.of(1, 2));
        assertThat(items.toItemLayout()).hasSize((int) items.wireBytes(3));
    }

    private static List<Object> decodeItemLayout(byte[] bytes, int n) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] item = new byte[b.getInt()];
            b.get(item);
            out.add(DefaultSerializer.INSTANCE.deserialize(item, EncodedItemsTest.class.getClassLoader()));
        }
        assertThat(b.hasRemaining()).isFalse();
        return out;
    }
}
