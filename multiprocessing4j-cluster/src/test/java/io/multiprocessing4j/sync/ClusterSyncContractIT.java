package io.multiprocessing4j.sync;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cluster.SharedCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The synchronisation contract, unchanged, on the embedded two-node cluster the module's tests
 * share: locks are IgniteLocks, semaphores IgniteSemaphores, events and barriers IgniteAtomicLongs.
 */
class ClusterSyncContractIT extends SyncContract {
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
    @Disabled("40,000 lock/unlock pairs are 40,000 cluster round trips (minutes, beyond the contract's 60 s);"
            + " ClusterStructuresIT checks the same exactness with 2 x 300")
    void lockMakesReadModifyWriteExactAcrossProcesses() {
    }

    @Override
    @Test
    @Disabled("the cluster context offers no ProcessCondition (it throws naming ProcessEvent and IgniteCondition)")
    void conditionWakesAWaiterInAnotherProcess() {
    }

    @Override
    @Test
    @Disabled("the cluster context offers no ProcessCondition (it throws naming ProcessEvent and IgniteCondition)")
    void conditionWaitTimesOutAndNeedsTheLock() {
    }
}
