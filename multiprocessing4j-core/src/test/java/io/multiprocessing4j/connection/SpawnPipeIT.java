package io.multiprocessing4j.connection;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.EOFException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipe contract across worker JVMs, plus a peer that is killed. */
class SpawnPipeIT extends PipeContract {
    @Override
    MpContext context() {
        return Multiprocessing.context("spawn");
    }

    @Test
    void peerKilledWhileTheReaderWaitsGivesEndOfFile() throws Exception {
        try (Pipe p = context().pipe(true)) {
            ChildProcess child = context().process((Connection c) -> {
                c.send("ready");
                c.recv(); // waits for ever
            }, p.right()).start();
            assertThat(p.left().recv()).isEqualTo("ready");
            child.kill();
            assertThatThrownBy(p.left()::recv).isInstanceOf(EOFException.class).hasMessageContaining("died");
            child.join();
        }
    }

    @Test
    void peerKilledInTheMiddleOfABigMessageGivesEndOfFileNotATornMessage() throws Exception {
        try (Pipe p = context().pipe(false)) {
            ChildProcess child = context().process((Connection w) -> {
                w.send("ready");
                byte[] big = new byte[64 << 20];
                while (true) {
                    w.sendBytes(big); // blocks: the parent does not read
                }
            }, p.right()).start();
            assertThat(p.left().recv()).isEqualTo("ready");
            while (!p.left().poll()) {
                Thread.onSpinWait();
            }
            child.kill();
            child.join();
            assertThatThrownBy(p.left()::recvBytes).isInstanceOf(EOFException.class)
                    .hasMessageContaining("middle of a message");
        }
    }
}
