package io.multiprocessing4j.internal.worker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemGroupsTest {

    /** Runs {@code items} items taking {@code nanosEach} each; returns the size of each group. */
    private static List<Integer> groupSizes(ItemGroups g, int items, long nanosEach) {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            if (g.endsAt(i)) {
                int size = i - g.first() + 1;
                sizes.add(size);
                g.ended(i, size * nanosEach);
            }
        }
        return sizes;
    }

    @Test
    void tinyItemsAreTimedInGroupsThatDoubleUpToTheLargest() {
        ItemGroups g = new ItemGroups();
        g.startChunk(false);
        assertThat(groupSizes(g, 255, 50)).containsExactly(1, 2, 4, 8, 16, 32, 64, 64, 64);
    }

    @Test
    void itemsThatAreNotTinyReadTheClockEachAndASlowGroupStartsOver() {
        ItemGroups g = new ItemGroups();
        g.startChunk(false);
        assertThat(groupSizes(g, 5, ItemGroups.TINY_NANOS)).containsExactly(1, 1, 1, 1, 1);
        g.startChunk(false);
        assertThat(groupSizes(g, 7, 50)).containsExactly(1, 2, 4);
        g.ended(7, 1_000_000); // a group of one slow item
        assertThat(g.endsAt(8)).isTrue();
    }

    @Test
    void aChunkWithADeadlineReadsTheClockForEveryItem() {
        ItemGroups g = new ItemGroups();
        g.startChunk(true);
        assertThat(groupSizes(g, 100, 50)).hasSize(100).containsOnly(1);
    }

    @Test
    void everyChunkStartsWithAGroupOfOne() {
        ItemGroups g = new ItemGroups();
        g.startChunk(false);
        groupSizes(g, 200, 50);
        g.startChunk(false);
        assertThat(g.first()).isZero();
        assertThat(g.endsAt(0)).isTrue();
    }
}
