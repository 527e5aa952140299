package io.multiprocessing4j.internal.pool;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionTableTest {

    private static LinkedHashSet<Long> defined(long from, long to) {
        LinkedHashSet<Long> s = new LinkedHashSet<>();
        LongStream.range(from, to).forEach(s::add);
        return s;
    }

    @Test
    void pastTheLimitTheLeastRecentlySentFunctionsAreForgotten() {
        LinkedHashSet<Long> defined = defined(0, 260);
        assertThat(PoolEngine.forgetLeastRecent(defined, Set.of(), 256)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(defined).hasSize(256).doesNotContain(0L, 3L).contains(4L, 259L);
    }

    @Test
    void aFunctionWithAChunkInTheWorkerIsNeverForgotten() {
        LinkedHashSet<Long> defined = defined(0, 258);
        assertThat(PoolEngine.forgetLeastRecent(defined, Set.of(0L, 2L), 256)).containsExactly(1L, 3L);
        assertThat(defined).contains(0L, 2L).hasSize(256);
    }

    @Test
    void withEveryFunctionInUseNothingIsForgottenAndTheTableMayExceedTheLimit() {
        LinkedHashSet<Long> defined = defined(0, 3);
        assertThat(PoolEngine.forgetLeastRecent(defined, Set.of(0L, 1L, 2L), 2)).isEmpty();
        assertThat(defined).containsExactly(0L, 1L, 2L);
    }

    @Test
    void atOrUnderTheLimitNothingIsForgotten() {
        LinkedHashSet<Long> defined = defined(0, 256);
        assertThat(PoolEngine.forgetLeastRecent(defined, Set.of(), 256)).isEqualTo(List.of());
    }
}
