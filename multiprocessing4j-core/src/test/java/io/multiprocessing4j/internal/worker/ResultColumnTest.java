package io.multiprocessing4j.internal.worker;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class ResultColumnTest {

    @Test
    void aGroupsTimeIsSharedByItsItemsAndNothingIsLost() {
        ResultColumn column = new ResultColumn();
        column.start(5);
        for (int i = 0; i < 5; i++) {
            column.add(0, i);
        }
        column.spreadNanos(0, 7);   // items 0..4 as one group of 7 ns
        ResultBatch batch = new ResultBatch();
        column.writeTo(batch);
        ByteBuffer b = ByteBuffer.wrap(batch.take(0));
        b.getInt(); // the chunk count
        long sum = 0;
        long[] nanos = new long[5];
        for (int i = 0; i < 5; i++) {
            nanos[i] = b.getLong();
            sum += nanos[i];
        }
        assertThat(sum).isEqualTo(7);
        assertThat(nanos).containsExactly(1, 1, 1, 1, 3);
    }
}
