package io.multiprocessing4j.internal.ipc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExitHookTest {

    @Test
    void phasesRunInTheirFixedOrderWhateverTheOrderTheyWereAddedIn() {
        List<String> ran = new ArrayList<>();
        Map<ExitHook.Phase, List<Runnable>> actions = new LinkedHashMap<>();
        ExitHook.Phase[] phases = ExitHook.Phase.values();
        for (int i = phases.length - 1; i >= 0; i--) {
            ExitHook.Phase p = phases[i];
            actions.put(p, List.of(() -> ran.add(p + " 1"), () -> ran.add(p + " 2")));
        }
        ExitHook.run(actions);
        assertThat(ran).containsExactly("USER_HOOKS 1", "USER_HOOKS 2", "JOIN_CHILDREN 1", "JOIN_CHILDREN 2", "CHILDREN 1", "CHILDREN 2", "HANDLES 1",
                "HANDLES 2", "SHARED_OBJECTS 1", "SHARED_OBJECTS 2", "RECORDS 1", "RECORDS 2", "REPORT 1", "REPORT 2");
    }

    @Test
    void anActionThatFailsDoesNotStopTheOthers() {
        List<String> ran = new ArrayList<>();
        ExitHook.run(Map.of(
                ExitHook.Phase.HANDLES, List.of(() -> {
                    throw new IllegalStateException("boom");
                }, () -> ran.add("next in phase")),
                ExitHook.Phase.REPORT, List.of(() -> ran.add("report"))));
        assertThat(ran).containsExactly("next in phase", "report");
    }

    @Test
    void nonDaemonChildrenAreWaitedForBeforeTheOtherChildrenAreKilled() {
        // a daemon child or a spare may serve a non-daemon one until it ends
        assertThat(ExitHook.Phase.JOIN_CHILDREN.compareTo(ExitHook.Phase.CHILDREN)).isNegative();
        assertThat(ExitHook.Phase.JOIN_CHILDREN.compareTo(ExitHook.Phase.USER_HOOKS)).isPositive();
    }

    @Test
    void theWorkersExitReportComesAfterTheAttachRecordsAreDropped() {
        // the parent's join() returns on the report: the child's clean-up must be visible by then
        assertThat(ExitHook.Phase.REPORT.compareTo(ExitHook.Phase.RECORDS)).isPositive();
        assertThat(ExitHook.Phase.RECORDS.compareTo(ExitHook.Phase.HANDLES)).isPositive();
        assertThat(ExitHook.Phase.HANDLES.compareTo(ExitHook.Phase.USER_HOOKS)).isPositive();
    }
}
