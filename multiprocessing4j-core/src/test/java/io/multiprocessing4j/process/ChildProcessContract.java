package io.multiprocessing4j.process;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour of {@link ChildProcess} that every context must share. Each context runs this
 * class unchanged through a subclass that names it.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ChildProcessContract {

    abstract MpContext context();

    static void failWhenNameIsNot(String expected) {
        if (!Multiprocessing.currentProcess().name().equals(expected)) {
            throw new IllegalStateException("name was " + Multiprocessing.currentProcess().name());
        }
    }

    @Test
    void targetThatReturnsExitsWithZero() throws Exception {
        ChildProcess p = context().process(() -> { }).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void targetThatThrowsExitsWithOne() throws Exception {
        ChildProcess p = context().process(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        }).start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(1);
    }

    @Test
    void consumerTargetReceivesItsArgument() throws Exception {
        ChildProcess p = context().process((String s) -> {
            if (!s.equals("hello")) {
                throw new IllegalStateException(s);
            }
        }, "hello").start();
        p.join();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void childSeesTheNameItWasGiven() throws Exception {
        ChildProcess p = context().process(() -> failWhenNameIsNot("worker-a")).name("worker-a").start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(p.name()).isEqualTo("worker-a");
    }

    @Test
    void defaultNamesFollowPython() {
        assertThat(context().process(() -> { }).name()).startsWith("Process-");
    }

    @Test
    void startingTwiceIsRefused() throws Exception {
        ChildProcess p = context().process(() -> { }).start();
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("twice");
        p.join();
    }

    @Test
    void joinBeforeStartIsRefused() {
        ChildProcess p = context().process(() -> { });
        assertThatThrownBy(p::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        assertThatThrownBy(p::pid).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(p::exitCode).isInstanceOf(IllegalStateException.class);
        assertThat(p.exitCodeIfDone()).isEmpty();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void exitCodeOfRunningProcessIsRefusedAndEmpty() throws Exception {
        ChildProcess p = context().process(() -> Thread.sleep(60_000)).daemon(true).start();
        try {
            assertThat(p.isAlive()).isTrue();
            assertThatThrownBy(p::exitCode).isInstanceOf(IllegalStateException.class).hasMessageContaining("still running");
            assertThat(p.exitCodeIfDone()).isEmpty();
            assertThatThrownBy(p::close).isInstanceOf(IllegalStateException.class);
        } finally {
            p.kill();
            p.join();
        }
    }

    @Test
    void optionsCannotChangeAfterStart() throws Exception {
        ChildProcess p = context().process(() -> { }).start();
        assertThatThrownBy(() -> p.name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.daemon(true)).isInstanceOf(IllegalStateException.class);
        p.join();
    }

    @Test
    void blankNameIsRefused() {
        assertThatThrownBy(() -> context().process(() -> { }).name(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void nullTargetIsRefused() {
        assertThatThrownBy(() -> context().process(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("target");
    }

    @Test
    void joinWithTimeoutReturnsFalseWhileRunning() throws Exception {
        ChildProcess p = context().process(() -> Thread.sleep(60_000)).daemon(true).start();
        try {
            assertThat(p.join(Duration.ofMillis(50))).isFalse();
        } finally {
            p.terminate();
        }
        assertThat(p.join(Duration.ofSeconds(30))).isTrue();
        assertThat(p.exitCode()).isEqualTo(-15);
    }

    @Test
    void killGivesMinusNine() throws Exception {
        ChildProcess p = context().process(() -> Thread.sleep(60_000)).daemon(true).start();
        p.kill();
        p.join();
        assertThat(p.exitCode()).isEqualTo(-9);
    }

    @Test
    void onExitCompletesWithTheHandle() throws Exception {
        ChildProcess p = context().process(() -> { }).start();
        assertThat(p.onExit().get(30, TimeUnit.SECONDS)).isSameAs(p);
    }

    @Test
    void activeChildrenListsRunningChildrenOnly() throws Exception {
        ChildProcess p = context().process(() -> Thread.sleep(60_000)).daemon(true).start();
        try {
            assertThat(Multiprocessing.activeChildren()).contains(p);
            assertThat(context().activeChildren()).contains(p);
        } finally {
            p.kill();
            p.join();
        }
        assertThat(Multiprocessing.activeChildren()).doesNotContain(p);
    }

    @Test
    void pidIsKnownAfterStart() throws Exception {
        ChildProcess p = context().process(() -> { }).start();
        assertThat(p.pid()).isPositive();
        p.join();
    }

    @Test
    void closeAfterEndIsAllowedAndStartAfterCloseIsRefused() throws Exception {
        ChildProcess p = context().process(() -> { }).start();
        p.join();
        p.close();
        ChildProcess q = context().process(() -> { });
        q.close();
        assertThatThrownBy(q::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void parentProcessIsVisibleFromTheChild() throws Exception {
        long myPid = ProcessHandle.current().pid();
        ChildProcess p = context().process((Long expected) -> {
            ProcessInfo parent = Multiprocessing.parentProcess().orElseThrow();
            if (parent.pid() != expected) {
                throw new IllegalStateException("parent pid " + parent.pid());
            }
        }, myPid).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(Multiprocessing.parentProcess()).isEmpty();
        assertThat(Multiprocessing.currentProcess().name()).isEqualTo("MainProcess");
    }

    static void failUnless(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }

    @Test
    void biConsumerTargetReceivesBothArguments() throws Exception {
        ChildProcess p = context().process((String s, Integer n) -> failUnless(s.equals("a") && n == 2, s + n), "a", 2)
                .start();
        p.join();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void triConsumerTargetReceivesThreeArguments() throws Exception {
        ChildProcess p = context().process((String s, Integer n, Long l) -> failUnless(s.equals("a") && n == 2 && l == 3L,
                s + n + l), "a", 2, 3L).start();
        p.join();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void varargsTargetReceivesEveryArgumentInOrder() throws Exception {
        ChildProcess p = context().process(args -> failUnless(java.util.Arrays.equals(args, new Object[]{"a", 2, 3L, 4.0}),
                java.util.Arrays.toString(args)), "a", 2, 3L, 4.0).start();
        p.join();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void wrongArgumentsFailInTheChildWithExitCodeOne() throws Exception {
        ChildProcess p = context().process((String s, Integer n) -> failUnless(n == 3, "n was " + n), "a", 2).start();
        p.join();
        assertThat(p.exitCode()).isEqualTo(1);
    }

    /** Python's {@code class Worker(Process)}: the fields are the state the child runs with. */
    static final class CheckingTask extends ProcessTask {
        private final String expectedName;
        private final int[] numbers;

        CheckingTask(String expectedName, int... numbers) {
            this.expectedName = expectedName;
            this.numbers = numbers;
        }

        @Override
        public void run() {
            failWhenNameIsNot(expectedName);
            failUnless(java.util.Arrays.stream(numbers).sum() == 6, "numbers " + java.util.Arrays.toString(numbers));
        }
    }

    @Test
    void processTaskSubclassRunsWithItsFields() throws Exception {
        ChildProcess p = context().process(new CheckingTask("task-a", 1, 2, 3)).name("task-a").start();
        p.join();
        assertThat(p.exitCode()).isZero();
        ChildProcess wrong = context().process(new CheckingTask("task-b", 1, 1)).name("task-b").start();
        wrong.join();
        assertThat(wrong.exitCode()).isEqualTo(1);
    }

    @Test
    void nullTaskIsRefused() {
        assertThatThrownBy(() -> context().process((ProcessTask) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("target");
    }

    @Test
    void parentProcessIsAliveFromTheChild() throws Exception {
        ChildProcess p = context().process(() -> failUnless(Multiprocessing.parentProcess().orElseThrow().isAlive(),
                "parent not alive")).start();
        p.join();
        assertThat(p.exitCode()).isZero();
        assertThat(Multiprocessing.currentProcess().isAlive()).isTrue();
    }
}
