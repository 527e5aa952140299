package io.multiprocessing4j.internal.worker;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class ResultColumnTest {

    @Test
    void aGroupsTimeIsSharedByItsItemsAndSentAsRunsWithNothingLost() {
        ResultColumn column = new ResultColumn();
        column.start(7);
        for (int i = 0; i < 5; i++) {
            column.add(0, i);
        }
        column.spreadNanos(0, 7);   // items 0..4 as one group of 7 ns
        column.add(40, 5);          // items 5 and 6 timed alone
        column.add(9, 6);
        ResultBatch batch = new ResultBatch();
        column.writeTo(batch);
        ByteBuffer b = ByteBuffer.wrap(batch.take(0));
        b.getInt(); // the chunk count
        int runs = b.getInt();
        long[] nanos = new long[7];
        int at = 0;
        for (int r = 0; r < runs; r++) {
            int length = b.getInt();
            long value = b.getLong();
            for (int k = 0; k < length; k++) {
                nanos[at++] = value;
            }
        }
        assertThat(at).isEqualTo(7);
        assertThat(nanos).containsExactly(3, 1, 1, 1, 1, 40, 9);
        assertThat(runs).as("the remainder, the group's mean, then each item timed alone").isEqualTo(4);
        for (int i = 0; i < 7; i++) {
            assertThat(b.getInt()).isEqualTo(i);
        }
    }
}
