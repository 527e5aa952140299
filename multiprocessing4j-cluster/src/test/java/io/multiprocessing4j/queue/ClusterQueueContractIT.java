package io.multiprocessing4j.queue;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cluster.SharedCluster;
import org.junit.jupiter.api.BeforeAll;

/** The queue contract, unchanged, on the embedded two-node cluster the module's tests share: every queue is an IgniteQueue. */
class ClusterQueueContractIT extends QueueContract {
    @BeforeAll
    static void startCluster() {
        SharedCluster.context(); // outside the contract's per-test timeout: nodes take seconds to start
    }

    @Override
    MpContext context() {
        return SharedCluster.context();
    }
}
