package io.multiprocessing4j.pool;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cluster.SharedCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The pool contract, unchanged, on the embedded two-node cluster the module's tests share. */
class ClusterPoolContractIT extends PoolContract {
    @BeforeAll
    static void startCluster() {
        SharedCluster.context(); // outside the contract's per-test timeout: nodes take seconds to start
    }

    @Override
    MpContext context() {
        return SharedCluster.context();
    }

    @Override
    @Test
    @Disabled("Future.cancel(true) of a running chunk is not passed to the node yet: the cancelled task keeps its"
            + " slot busy until it ends, so the next task waits behind it (tried with ctx.event(), which the cluster now offers)")
    void executorCancelTrueStopsARunningTaskAndKeepsServing() {
    }

    @Override
    @Test
    @Disabled("per-call timeouts are enforced on the nodes only for the pool-wide taskTimeout (a node applies the pool's settings it received when its slot opened); per-call ones are not passed to the node yet")
    void perCallTimeoutOverridesThePoolsAndApplyThrowsTaskTimeout() {
    }

    @Override
    @Test
    @Disabled("per-call timeouts are enforced on the nodes only for the pool-wide taskTimeout (a node applies the pool's settings it received when its slot opened); per-call ones are not passed to the node yet")
    void perCallTimeoutFailsOnlyThatCallAndOtherCallsSucceed() throws Exception {
    }

    @Override
    @Test
    @Disabled("per-call timeouts are enforced on the nodes only for the pool-wide taskTimeout (a node applies the pool's settings it received when its slot opened); per-call ones are not passed to the node yet")
    void mapWithPerItemTimeoutFailsOnlyTheOverdueItem() {
    }

    @Override
    @Test
    @Disabled("per-call timeouts are enforced on the nodes only for the pool-wide taskTimeout (a node applies the pool's settings it received when its slot opened); per-call ones are not passed to the node yet")
    void poolMadeExceptionsAlsoShowTheCallersLine() {
    }

    @Override
    @Test
    @Disabled("items that fail on a node keep the RemoteException cause: the caller-line rewriting of pool errors is not applied to chunk results from the remote backend yet")
    void failedItemsExceptionShowsTheTaskFramesFirstThenTheCallersLine() {
    }

    @Override
    @Test
    @Disabled("worker ids, worker state and exit hooks need a pool worker process of our own; cluster chunks run as Ignite jobs on shared node threads, which have none yet")
    void workerStateIsBuiltOncePerWorkerAndKeptAcrossItems() {
    }

    @Override
    @Test
    @Disabled("worker ids, worker state and exit hooks need a pool worker process of our own; cluster chunks run as Ignite jobs on shared node threads, which have none yet")
    void workerExitHooksRunWhenWorkersRetireAndTheCallerCollectsTheirResults() {
    }

    @Override
    @Test
    @Disabled("worker ids, worker state and exit hooks need a pool worker process of our own; cluster chunks run as Ignite jobs on shared node threads, which have none yet")
    void workerIdsStayWithinZeroToWorkersMinusOneAcrossReplacements() {
    }

    @Override
    @Test
    @Disabled("worker ids, worker state and exit hooks need a pool worker process of our own; cluster chunks run as Ignite jobs on shared node threads, which have none yet")
    void workerExitHookThatThrowsIsCollectedAsAFailure() {
    }

    @Override
    @Test
    @Disabled("worker ids, worker state and exit hooks need a pool worker process of our own; cluster chunks run as Ignite jobs on shared node threads, which have none yet")
    void mapWithStateWithoutWorkerStateIsRefusedAndAFailingSupplierBreaksThePool() {
    }
}
