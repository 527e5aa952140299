package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Python's {@code Process.authkey} and {@code current_process().authkey}, in every context. */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AuthkeyContract {

    abstract MpContext context();

    record Report(String context, ProcessQueue<byte[]> keys) implements Serializable {
    }

    @Test
    void childAndGrandchildInheritTheParentsAuthkeyByDefault() throws Exception {
        byte[] mine = Multiprocessing.authkey();
        assertThat(mine).hasSize(32);
        assertThat(Multiprocessing.authkey()).as("the same key each time").isEqualTo(mine);
        try (ProcessQueue<byte[]> keys = context().queue()) {
            ChildProcess p = context().process((Report r) -> {
                r.keys().put(Multiprocessing.authkey());
                try {
                    ChildProcess grandchild = Multiprocessing.context(r.context())
                            .process((ProcessQueue<byte[]> q) -> q.put(Multiprocessing.authkey()), r.keys()).start();
                    r.keys().put(grandchild.authkey());
                    grandchild.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, new Report(context().name(), keys));
            assertThat(p.authkey()).as("copied from the creator").isEqualTo(mine);
            p.start();
            assertThat(keys.take()).as("the child's current key").isEqualTo(mine);
            assertThat(keys.take()).as("the grandchild's handle's key").isEqualTo(mine);
            assertThat(keys.take()).as("the grandchild's current key").isEqualTo(mine);
            p.join();
            assertThat(p.exitCode()).isZero();
        }
    }

    @Test
    void authkeySetBeforeStartIsTheChildsKeyAndOnlyThen() throws Exception {
        byte[] mine = Multiprocessing.authkey();
        byte[] given = {1, 2, 3, 4};
        try (ProcessQueue<byte[]> keys = context().queue()) {
            ChildProcess p = context().process((ProcessQueue<byte[]> q) -> {
                byte[] k = Multiprocessing.authkey();
                q.put(k);
                Multiprocessing.authkey(new byte[] {9});
                q.put(Multiprocessing.authkey());
            }, keys);
            p.authkey(given);
            given[0] = 42;
            assertThat(p.authkey()).as("a copy was kept").containsExactly(1, 2, 3, 4);
            p.start();
            assertThat(keys.take()).containsExactly(1, 2, 3, 4);
            assertThat(keys.take()).as("a child may replace its own key").containsExactly(9);
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(Multiprocessing.authkey()).as("the parent's key is its own").isEqualTo(mine);
            assertThatThrownBy(() -> p.authkey(new byte[] {5})).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after start()");
        }
        ChildProcess q = context().process(() -> { });
        assertThatThrownBy(() -> q.authkey(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> q.authkey(null)).isInstanceOf(NullPointerException.class);
        q.close();
    }

    @Test
    void poolWorkersInheritTheOwnersAuthkey() throws Exception {
        byte[] mine = Multiprocessing.authkey();
        try (Pool pool = context().pool(1)) {
            byte[] seen = pool.apply((Integer x) -> Multiprocessing.authkey(), 0);
            assertThat(seen).isEqualTo(mine);
        }
    }
}
