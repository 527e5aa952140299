package io.multiprocessing4j.shared;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.UnionLayout;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries a {@link MemoryLayout} to another process: {@code SharedStruct} travels by name, and the
 * process that receives it must rebuild the same layout to read the same bytes.
 *
 * <p>Implementation notes. {@code MemoryLayout} is not {@code Serializable}, so a layout is turned
 * into a tree of {@link Node}s (kind, carrier, byte order, alignment, size or count, name, members)
 * and rebuilt from it with the same factory calls. Address layouts are refused up front: a pointer
 * into one process's memory means nothing in another. {@link #encode} checks that the tree rebuilds
 * an equal layout, so a layout this codec cannot carry fails where it is created, not in a child.
 */
final class LayoutCodec {

    private LayoutCodec() {
    }

    /** One layout of the tree. */
    public record Node(char kind, char carrier, boolean bigEndian, long alignment, long sizeOrCount, String name,
                       List<Node> members) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * @return the tree of {@code layout}
     * @throws IllegalArgumentException if it holds an address (pointer) layout, which cannot be shared
     */
    public static Node encode(MemoryLayout layout) {
        Node n = toNode(layout, layout.name().orElse("struct"));
        if (!decode(n).equals(layout)) {
            throw new IllegalArgumentException("cannot carry the layout " + layout + " to other processes");
        }
        return n;
    }

    private static Node toNode(MemoryLayout l, String path) {
        String name = l.name().orElse(null);
        return switch (l) {
            case AddressLayout a -> throw new IllegalArgumentException("'" + path + "' is an address (pointer) layout: a"
                    + " pointer into one process's memory means nothing in another; share the data itself");
            case ValueLayout v -> new Node('V', carrier(v.carrier(), path), v.order() == ByteOrder.BIG_ENDIAN,
                    v.byteAlignment(), v.byteSize(), name, List.of());
            case PaddingLayout p -> new Node('P', ' ', false, p.byteAlignment(), p.byteSize(), name, List.of());
            case SequenceLayout s -> new Node('Q', ' ', false, s.byteAlignment(), s.elementCount(), name,
                    List.of(toNode(s.elementLayout(), path + "[]")));
            case GroupLayout g -> {
                List<Node> members = new ArrayList<>();
                for (MemoryLayout m : g.memberLayouts()) {
                    members.add(toNode(m, path + "." + m.name().orElse("?")));
                }
                yield new Node(g instanceof StructLayout ? 'S' : 'U', ' ', false, g.byteAlignment(), g.byteSize(), name,
                        List.copyOf(members));
            }
        };
    }

    private static char carrier(Class<?> c, String path) {
        if (c == boolean.class) {
            return 'Z';
        } else if (c == byte.class) {
            return 'B';
        } else if (c == char.class) {
            return 'C';
        } else if (c == short.class) {
            return 'S';
        } else if (c == int.class) {
            return 'I';
        } else if (c == long.class) {
            return 'J';
        } else if (c == float.class) {
            return 'F';
        } else if (c == double.class) {
            return 'D';
        }
        throw new IllegalArgumentException("'" + path + "' has carrier " + c + ", which cannot be shared");
    }

    /** @return the layout the tree describes */
    public static MemoryLayout decode(Node n) {
        MemoryLayout l = switch (n.kind()) {
            case 'V' -> {
                ValueLayout base = switch (n.carrier()) {
                    case 'Z' -> ValueLayout.JAVA_BOOLEAN;
                    case 'B' -> ValueLayout.JAVA_BYTE;
                    case 'C' -> ValueLayout.JAVA_CHAR;
                    case 'S' -> ValueLayout.JAVA_SHORT;
                    case 'I' -> ValueLayout.JAVA_INT;
                    case 'J' -> ValueLayout.JAVA_LONG;
                    case 'F' -> ValueLayout.JAVA_FLOAT;
                    case 'D' -> ValueLayout.JAVA_DOUBLE;
                    default -> throw new IllegalArgumentException("unknown carrier " + n.carrier());
                };
                yield base.withOrder(n.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                        .withByteAlignment(n.alignment());
            }
            case 'P' -> MemoryLayout.paddingLayout(n.sizeOrCount()).withByteAlignment(n.alignment());
            case 'Q' -> MemoryLayout.sequenceLayout(n.sizeOrCount(), decode(n.members().getFirst()))
                    .withByteAlignment(n.alignment());
            case 'S' -> MemoryLayout.structLayout(decodeAll(n.members())).withByteAlignment(n.alignment());
            case 'U' -> MemoryLayout.unionLayout(decodeAll(n.members())).withByteAlignment(n.alignment());
            default -> throw new IllegalArgumentException("unknown layout kind " + n.kind());
        };
        return n.name() == null ? l : l.withName(n.name());
    }

    private static MemoryLayout[] decodeAll(List<Node> nodes) {
        MemoryLayout[] out = new MemoryLayout[nodes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = decode(nodes.get(i));
        }
        return out;
    }
}
