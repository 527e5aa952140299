package io.multiprocessing4j.shared;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.testing.NoLeftoverWorkers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.Serializable;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every context's shared values and arrays of the smaller typecodes ({@code 'f' 'h' 'H' 'b'
 * 'B' '?' 'c'}) and its shared structs and records must do: Python's {@code Value}, {@code Array}
 * and {@code sharedctypes} structures.
 */
@ExtendWith(NoLeftoverWorkers.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CtypesContract {

    abstract MpContext context();

    private static void joinAllOk(List<ChildProcess> ps) throws InterruptedException {
        SharedContract.joinAllOk(ps);
    }

    @Test
    void valuesOfTheSmallerTypecodesKeepTheirValueAndUpdateAtomically() {
        try (SharedFloat f = context().sharedFloat(1.5f); SharedShort h = context().sharedShort((short) 32767);
             SharedShort bigH = context().sharedShort((short) 60000); SharedByte b = context().sharedByte((byte) -3);
             SharedByte c = context().sharedByte((byte) 'x'); SharedBoolean flag = context().sharedBoolean(false);
             SharedFloat rawF = context().rawSharedFloat(0f); SharedShort rawH = context().rawSharedShort((short) 0);
             SharedByte rawB = context().rawSharedByte((byte) 0); SharedBoolean rawFlag = context().rawSharedBoolean(true)) {
            assertThat(f.addAndGet(0.25f)).isEqualTo(1.75f);
            assertThat(f.compareAndSet(1.75f, Float.NaN)).isTrue();
            assertThat(f.compareAndSet(Float.NaN, -0.0f)).isTrue();
            assertThat(f.compareAndSet(0.0f, 1f)).isFalse();
            assertThat(f.getAndSet(2f)).isEqualTo(-0.0f);

            assertThat(h.incrementAndGet()).as("'h' wraps as C's short").isEqualTo((short) -32768);
            assertThat(h.getUnsigned()).isEqualTo(32768);
            assertThat(bigH.getUnsigned()).isEqualTo(60000);
            bigH.setUnsigned(65535);
            assertThat(bigH.get()).isEqualTo((short) -1);
            assertThatThrownBy(() -> bigH.setUnsigned(65536)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0..65535");
            assertThatThrownBy(() -> bigH.setUnsigned(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(bigH.compareAndSet((short) -1, (short) 7)).isTrue();
            assertThat(bigH.getAndSet((short) 9)).isEqualTo((short) 7);

            assertThat(b.addAndGet(-126)).isEqualTo((byte) 127);
            assertThat(b.getUnsigned()).isEqualTo(127);
            b.setUnsigned(200);
            assertThat(b.get()).isEqualTo((byte) -56);
            assertThat(b.getUnsigned()).isEqualTo(200);
            assertThatThrownBy(() -> b.setUnsigned(256)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..255");
            assertThat((char) c.get()).as("Value('c', b'x')").isEqualTo('x');
            try (SharedShort unsignedH = SharedShort.createUnsigned(65535); SharedByte unsignedB = SharedByte.createUnsigned(255)) {
                assertThat(unsignedH.getUnsigned()).isEqualTo(65535);
                assertThat(unsignedB.getUnsigned()).isEqualTo(255);
            }
            assertThatThrownBy(() -> SharedShort.createUnsigned(70000)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SharedByte.createUnsigned(-1)).isInstanceOf(IllegalArgumentException.class);

            assertThat(flag.compareAndSet(false, true)).isTrue();
            assertThat(flag.compareAndSet(false, true)).isFalse();
            assertThat(flag.get()).isTrue();
            assertThat(flag.getAndSet(false)).isTrue();
            assertThat(flag.get()).isFalse();

            assertThat(f.getLock()).isNotNull();
            assertThat(h.isSynchronized()).isTrue();
            assertThat(rawFlag.get()).isTrue();
            for (SharedHandle raw : List.<SharedHandle>of(rawF, rawH, rawB, rawFlag)) {
                assertThat(raw.isSynchronized()).isFalse();
                assertThatThrownBy(raw::getLock).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("raw");
            }
        }
    }

    record Counters(SharedShortArray shorts, SharedByte aByte, SharedBooleanArray claimed, SharedFloat total,
                    SharedBoolean seen, int times) implements Serializable {
    }

    @Test
    void subWordCountersAreExactWhenProcessesUpdateNeighbouringElements() throws Exception {
        try (SharedShortArray shorts = context().sharedShortArray(3); SharedByte aByte = context().sharedByte((byte) 0);
             SharedBooleanArray claimed = context().sharedBooleanArray(5); SharedFloat total = context().sharedFloat(0f);
             SharedBoolean seen = context().sharedBoolean(false)) {
            Counters c = new Counters(shorts, aByte, claimed, total, seen, 5_000);
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((Counters w) -> {
                    for (int k = 0; k < w.times(); k++) {
                        // elements 0 and 1 share a 4-byte word: neighbours' updates must never be lost
                        w.shorts().addAndGet(0, 1);
                        w.shorts().addAndGet(1, 2);
                        w.aByte().incrementAndGet();
                        w.total().addAndGet(1f);
                        w.claimed().compareAndSet(k % 5, false, true);
                    }
                    w.seen().set(true);
                }, c).start());
            }
            joinAllOk(ps);
            assertThat(shorts.get(0)).isEqualTo((short) 10_000);
            assertThat(shorts.get(1)).isEqualTo((short) 20_000);
            assertThat(shorts.get(2)).as("untouched neighbour").isZero();
            assertThat(aByte.get()).as("10000 increments wrap to 10000 mod 256").isEqualTo((byte) (10_000 % 256));
            assertThat(total.get()).isEqualTo(10_000f);
            assertThat(claimed.toArray()).containsOnly(true);
            assertThat(seen.get()).isTrue();
        }
    }

    @Test
    void arraysOfTheSmallerTypecodesCopyInBulkAndCheckTheirBounds() {
        try (SharedFloatArray f = context().sharedFloatArray(4); SharedShortArray h = context().rawSharedShortArray(3);
             SharedByteArray bytes = context().sharedByteArray(2); SharedBooleanArray flags = context().rawSharedBooleanArray(3);
             SharedFloatArray rawF = context().rawSharedFloatArray(1); SharedShortArray syncH = context().sharedShortArray(1);
             SharedBooleanArray syncFlags = context().sharedBooleanArray(1)) {
            f.copyFrom(new float[] {1f, 2f, 3f, 4f});
            assertThat(f.addAndGet(3, 0.5f)).isEqualTo(4.5f);
            assertThat(f.compareAndSet(0, 1f, -1f)).isTrue();
            assertThat(f.toArray()).containsExactly(-1f, 2f, 3f, 4.5f);
            assertThat(f.segment().byteSize()).isEqualTo(16);
            assertThatThrownBy(() -> f.get(4)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("4");

            h.copyFrom(new short[] {1, -1, 3});
            assertThat(h.getUnsigned(1)).as("Array('H')").isEqualTo(65535);
            h.setUnsigned(2, 40000);
            assertThat(h.get(2)).isEqualTo((short) (40000 - 65536));
            assertThat(h.compareAndSet(0, (short) 1, (short) 5)).isTrue();
            assertThat(h.addAndGet(1, 1)).isZero();
            assertThat(h.toArray()).containsExactly((short) 5, (short) 0, (short) -25536);
            assertThatThrownBy(() -> h.setUnsigned(0, 70000)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> h.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);

            bytes.setUnsigned(0, 255);
            assertThat(bytes.get(0)).as("Array('B')").isEqualTo((byte) -1);
            assertThat(bytes.getUnsigned(0)).isEqualTo(255);
            assertThatThrownBy(() -> bytes.setUnsigned(1, 256)).isInstanceOf(IllegalArgumentException.class);

            flags.copyFrom(new boolean[] {true, false, true});
            assertThat(flags.getAndSet(1, true)).isFalse();
            assertThat(flags.toArray()).containsExactly(true, true, true);
            assertThatThrownBy(() -> flags.get(3)).isInstanceOf(IndexOutOfBoundsException.class);

            assertThatThrownBy(rawF::getLock).isInstanceOf(UnsupportedOperationException.class);
            assertThat(syncH.getLock()).isNotNull();
            assertThat(syncFlags.isSynchronized()).isTrue();
            assertThatThrownBy(() -> context().sharedShortArray(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void charArrayHasPythonsValueAndRawSemantics() {
        try (SharedCharArray a = context().sharedCharArray(10); SharedCharArray word = context().sharedCharArray("abc");
             SharedCharArray raw = context().rawSharedCharArray(4)) {
            assertThat(a.value()).isEmpty();
            a.setValue("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(a.raw()).containsExactly('h', 'e', 'l', 'l', 'o', 0, 0, 0, 0, 0);
            a.setValue("hi".getBytes(StandardCharsets.US_ASCII));
            // as in Python: b'hi\x00lo\x00\x00\x00\x00\x00', and .value stops at the terminator
            assertThat(a.raw()).containsExactly('h', 'i', 0, 'l', 'o', 0, 0, 0, 0, 0);
            assertThat(a.getString()).isEqualTo("hi");
            a.setRaw("HEY".getBytes(StandardCharsets.US_ASCII));
            assertThat(a.getString()).as(".raw = writes no terminator").isEqualTo("HEYlo");
            a.setString("0123456789");
            assertThat(a.getString()).as("a full buffer has no terminator").isEqualTo("0123456789");
            assertThat((char) a.get(3)).isEqualTo('3');
            assertThatThrownBy(() -> a.setString("0123456789X")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too long");
            assertThatThrownBy(() -> a.setRaw(new byte[11])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.get(10)).isInstanceOf(IndexOutOfBoundsException.class);

            assertThat(word.length()).as("Array('c', b'abc')").isEqualTo(3);
            assertThat(word.getString()).isEqualTo("abc");
            assertThat(word.getLock()).isNotNull();
            assertThatThrownBy(raw::getLock).isInstanceOf(UnsupportedOperationException.class);
            raw.setString("ok");
            assertThat(raw.value()).containsExactly('o', 'k');
        }
    }

    @Test
    void childWritesAStringBufferThatTheParentReads() throws Exception {
        try (SharedCharArray buf = context().sharedCharArray(32)) {
            buf.setString("from the parent");
            ChildProcess p = context().process((SharedCharArray b) -> {
                String seen = b.getString();
                b.getLock().lock();
                try {
                    b.setString("child saw: " + seen.length());
                } finally {
                    b.getLock().unlock();
                }
            }, buf).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(buf.getString()).isEqualTo("child saw: 15");
        }
    }

    static final StructLayout POINT = MemoryLayout.structLayout(
            ValueLayout.JAVA_DOUBLE.withName("x"), ValueLayout.JAVA_DOUBLE.withName("y"));
    static final StructLayout SAMPLE = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("hits"),
            ValueLayout.JAVA_FLOAT.withName("ratio"),
            ValueLayout.JAVA_LONG.withName("total"),
            POINT.withName("origin"),
            ValueLayout.JAVA_SHORT.withName("small"),
            ValueLayout.JAVA_BYTE.withName("tiny"),
            ValueLayout.JAVA_BOOLEAN.withName("done"),
            ValueLayout.JAVA_CHAR.withName("letter"),
            MemoryLayout.paddingLayout(2),
            ValueLayout.JAVA_INT.withOrder(java.nio.ByteOrder.BIG_ENDIAN).withName("wire"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_INT).withName("slots"),
            ValueLayout.JAVA_INT.withName("after"));

    @Test
    void structFromALayoutIsWrittenByAChildAndReadByTheParent() throws Exception {
        try (SharedStruct s = context().sharedStruct(SAMPLE)) {
            assertThat(s.layout()).isEqualTo(SAMPLE);
            assertThat(s.getLong("total")).as("zero-filled").isZero();
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((SharedStruct t) -> {
                    for (int k = 0; k < 5_000; k++) {
                        t.addAndGetInt("hits", 1);
                        t.addAndGetLong("total", 3);
                    }
                    t.getLock().lock();
                    try {
                        t.setDouble("origin.x", t.getDouble("origin.x") + 1.5);
                        t.setDouble("origin.y", -2.0);
                    } finally {
                        t.getLock().unlock();
                    }
                    t.setFloat("ratio", 0.5f);
                    t.setShort("small", (short) -7);
                    t.setByte("tiny", (byte) 9);
                    t.setBoolean("done", true);
                    t.setChar("letter", 'é');
                    t.setInt("wire", 0x01020304);
                    t.setInt("after", 42);
                }, s).start());
            }
            joinAllOk(ps);
            assertThat(s.getInt("hits")).isEqualTo(10_000);
            assertThat(s.getLong("total")).isEqualTo(30_000L);
            assertThat(s.getDouble("origin.x")).isEqualTo(3.0);
            assertThat(s.getDouble("origin.y")).isEqualTo(-2.0);
            assertThat(s.getFloat("ratio")).isEqualTo(0.5f);
            assertThat(s.getShort("small")).isEqualTo((short) -7);
            assertThat(s.getByte("tiny")).isEqualTo((byte) 9);
            assertThat(s.getBoolean("done")).isTrue();
            assertThat(s.getChar("letter")).isEqualTo('é');
            assertThat(s.getInt("wire")).isEqualTo(0x01020304);
            long wireOffset = SAMPLE.byteOffset(MemoryLayout.PathElement.groupElement("wire"));
            assertThat(s.segment().get(ValueLayout.JAVA_BYTE, wireOffset)).as("the layout's byte order is kept").isEqualTo((byte) 1);
            assertThat(s.getInt("after")).isEqualTo(42);
            assertThat(s.get("tiny")).isEqualTo((byte) 9);
            s.set("hits", 5);
            assertThat(s.compareAndSetInt("hits", 5, 6)).isTrue();
            assertThat(s.getInt("hits")).isEqualTo(6);
        }
    }

    @Test
    void structRefusesWrongTypesUnknownFieldsAndPointers() {
        try (SharedStruct s = context().sharedStruct(SAMPLE); SharedStruct raw = context().rawSharedStruct(POINT)) {
            assertThatThrownBy(() -> s.getLong("hits")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'hits'").hasMessageContaining("int");
            assertThatThrownBy(() -> s.getInt("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no field 'nope'").hasMessageContaining("origin.x");
            assertThatThrownBy(() -> s.getDouble("origin")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a value");
            assertThatThrownBy(() -> s.set("hits", 1L)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.lang.Long");
            assertThat(raw.isSynchronized()).isFalse();
            assertThatThrownBy(raw::getLock).isInstanceOf(UnsupportedOperationException.class);
            raw.setDouble("x", 2.5);
            assertThat(raw.getDouble("x")).isEqualTo(2.5);
        }
        StructLayout withPointer = MemoryLayout.structLayout(ValueLayout.ADDRESS.withName("next"));
        assertThatThrownBy(() -> context().sharedStruct(withPointer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pointer");
    }

    /** A record of every primitive type. */
    record Sample(int count, long total, double mean, float ratio, short small, byte tiny, boolean done, char letter) {
    }

    record Bumps(SharedRecord<Sample> sample, int times) implements Serializable {
    }

    @Test
    void recordOfPrimitivesRoundTripsThroughAChildProcess() throws Exception {
        try (SharedRecord<Sample> shared = context().sharedRecord(new Sample(1, 2L, 3.5, 4.5f, (short) 5, (byte) 6, false, 'a'))) {
            assertThat(shared.get()).isEqualTo(new Sample(1, 2L, 3.5, 4.5f, (short) 5, (byte) 6, false, 'a'));
            assertThat(shared.recordType()).isEqualTo(Sample.class);
            ChildProcess p = context().process((SharedRecord<Sample> r) -> {
                Sample seen = r.get();
                r.set(new Sample(seen.count() * 10, Long.MAX_VALUE, -0.25, Float.MIN_VALUE, Short.MIN_VALUE,
                        Byte.MAX_VALUE, true, 'ß'));
            }, shared).start();
            p.join();
            assertThat(p.exitCode()).isZero();
            assertThat(shared.get()).isEqualTo(new Sample(10, Long.MAX_VALUE, -0.25, Float.MIN_VALUE, Short.MIN_VALUE,
                    Byte.MAX_VALUE, true, 'ß'));
            assertThat(shared.struct().getLong("total")).isEqualTo(Long.MAX_VALUE);
            assertThat(shared.struct().layout().byteOffset(MemoryLayout.PathElement.groupElement("total")))
                    .as("naturally aligned, as C lays it out").isEqualTo(8);
        }
    }

    @Test
    void recordUpdatesUnderItsLockAreExactAcrossProcesses() throws Exception {
        try (SharedRecord<Sample> shared = context().sharedRecord(new Sample(0, 0, 0, 0, (short) 0, (byte) 0, false, 'x'))) {
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ps.add(context().process((Bumps b) -> {
                    for (int k = 0; k < b.times(); k++) {
                        b.sample().update(s -> new Sample(s.count() + 1, s.total() + 2, s.mean(), s.ratio(), s.small(),
                                s.tiny(), s.done(), s.letter()));
                    }
                }, new Bumps(shared, 2_000)).start());
            }
            joinAllOk(ps);
            Sample end = shared.get();
            assertThat(end.count()).isEqualTo(4_000);
            assertThat(end.total()).isEqualTo(8_000L);
            assertThat(shared.getLock()).isNotNull();
        }
    }

    record Named(String name, int n) {
    }

    @Test
    void recordWithANonPrimitiveComponentIsRefusedAndARawOneHasNoLock() {
        assertThatThrownBy(() -> context().sharedRecord(new Named("a", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'").hasMessageContaining("primitives only");
        try (SharedRecord<Sample> raw = SharedRecord.createRaw(new Sample(1, 1, 1, 1, (short) 1, (byte) 1, true, 'r'))) {
            assertThat(raw.isSynchronized()).isFalse();
            assertThat(raw.get().letter()).isEqualTo('r');
            assertThatThrownBy(() -> raw.update(s -> s)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
