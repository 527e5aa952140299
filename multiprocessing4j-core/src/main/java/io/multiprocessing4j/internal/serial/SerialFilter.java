package io.multiprocessing4j.internal.serial;

import java.io.ObjectInputFilter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link ObjectInputFilter} every JDK-serialized value passes through when it is read: limits,
 * a deny-list of known gadget classes, the user's own patterns, and an optional allow-list mode.
 *
 * <p>Thread-safe and immutable. {@link #forStream(long)} makes the filter of one stream.
 *
 * <p>Implementation notes.
 * <ul>
 * <li><b>Depth.</b> {@code ObjectInputStream} recurses once per nesting level, and a 1 MiB
 *     thread stack (the JVM's default, also the ceiling of a virtual thread's) overflowed at about
 *     480 nested {@code HashMap}s when the code still ran interpreted, 780 linked nodes. The
 *     default {@code maxdepth} of {@value #DEFAULT_MAX_DEPTH} leaves more than half the stack to
 *     the caller's own frames, so the filter refuses a deep graph before the stack runs out.
 *     {@link DefaultSerializer} also turns a {@code StackOverflowError} while reading into a
 *     refused value, in case a caller runs on a small stack.</li>
 * <li><b>Arrays.</b> {@code ObjectInputStream} allocates an array as soon as it has read its
 *     length, before its elements. A fixed {@code maxarray} cannot tell a hostile length from a
 *     legitimate one, but the stream can: every element takes at least one byte (a primitive, its
 *     own size), so an array longer than what is left of the message is refused. Object arrays get
 *     twice the room, for the tables that {@code HashMap} and friends size from their count.</li>
 * <li><b>Classes.</b> The deny-list names the classes public deserialization gadget chains are
 *     built from (commons-collections functors, Groovy's closures, Xalan's {@code TemplatesImpl},
 *     {@code BadAttributeValueExpException}, RMI and JNDI references, Spring, C3P0, Rome, BeanShell,
 *     Rhino, Jython, Clojure...), in the JDK's {@code jdk.serialFilter} pattern syntax. It runs
 *     after the user's patterns ({@code -Dmp4j.serialFilter}), so an explicit allow there wins.
 *     In allow-list mode ({@code -Dmp4j.serialFilterMode=allowlist}) a class must be matched by
 *     the user's patterns, by the JDK basics ({@link #JDK_BASICS}) or be one of ours; everything
 *     else is refused.</li>
 * <li>Limits written in the user's pattern ({@code maxdepth=500}) replace the defaults; JDK filter
 *     merging could only make them stricter.</li>
 * </ul>
 */
public final class SerialFilter {
    public static final String PATTERN_PROPERTY = "mp4j.serialFilter";
    public static final String MODE_PROPERTY = "mp4j.serialFilterMode";
    static final int DEFAULT_MAX_DEPTH = 200;

    /** Known gadget classes and packages: refused in every mode unless the user's pattern allows them. */
    static final String DENY_LIST = String.join(";",
            "!org.apache.commons.collections.functors.*",
            "!org.apache.commons.collections4.functors.*",
            "!org.apache.commons.collections.keyvalue.TiedMapEntry",
            "!org.apache.commons.collections4.keyvalue.TiedMapEntry",
            "!org.apache.commons.beanutils.BeanComparator",
            "!org.codehaus.groovy.runtime.**",
            "!com.sun.org.apache.xalan.internal.xsltc.trax.**",
            "!org.apache.xalan.xsltc.trax.**",
            "!com.sun.org.apache.bcel.internal.util.ClassLoader",
            "!javax.management.BadAttributeValueExpException",
            "!javax.management.remote.**",
            "!javax.management.openmbean.**",
            "!java.rmi.server.**",
            "!java.rmi.registry.**",
            "!sun.rmi.**",
            "!javax.naming.**",
            "!com.sun.jndi.**",
            "!com.sun.rowset.**",
            "!sun.reflect.annotation.AnnotationInvocationHandler",
            "!javax.script.**",
            "!javax.swing.**",
            "!sun.swing.**",
            "!org.springframework.beans.factory.**",
            "!org.springframework.core.SerializableTypeWrapper*",
            "!org.springframework.aop.**",
            "!org.springframework.transaction.jta.**",
            "!com.mchange.v2.c3p0.**",
            "!com.sun.syndication.**",
            "!com.rometools.rome.feed.impl.**",
            "!bsh.**",
            "!org.mozilla.javascript.**",
            "!org.python.core.**",
            "!clojure.**",
            "!org.hibernate.engine.spi.TypedValue",
            "!org.hibernate.tuple.component.**",
            "!net.sf.json.**",
            "!org.apache.commons.fileupload.disk.**",
            "!org.apache.wicket.util.upload.**",
            "!org.apache.tomcat.dbcp.**",
            "!org.apache.commons.dbcp.**",
            "!org.apache.myfaces.**",
            "!com.vaadin.data.util.**",
            "!org.jboss.interceptor.**",
            "!org.jboss.weld.interceptor.**",
            "!com.alibaba.fastjson.**",
            "!com.fasterxml.jackson.databind.node.POJONode");

    /**
     * What allow-list mode accepts without being told: the JDK types values are made of (boxed
     * primitives, strings, collections, time, big numbers, exceptions, lambdas) and this library's
     * own classes. Note {@code java.util.*} is one package, not its subpackages.
     */
    static final String JDK_BASICS = String.join(";",
            "java.lang.*",
            "java.lang.invoke.SerializedLambda",
            "java.lang.constant.*",
            "java.util.*",
            "java.util.concurrent.*",
            "java.util.concurrent.atomic.*",
            "java.util.concurrent.locks.*",
            "java.util.regex.Pattern",
            "java.time.**",
            "java.math.*",
            "java.io.IOException",
            "java.io.UncheckedIOException",
            "java.io.EOFException",
            "java.io.FileNotFoundException",
            "java.io.InterruptedIOException",
            "java.io.NotSerializableException",
            "java.io.InvalidClassException",
            "java.io.IOError",
            "java.io.File",
            "java.nio.file.NoSuchFileException",
            "java.nio.file.FileSystemException",
            "java.nio.file.AccessDeniedException",
            "java.net.URI",
            "java.net.InetAddress",
            "java.net.Inet4Address",
            "java.net.Inet6Address",
            "java.net.InetSocketAddress",
            "java.util.function.*",
            "io.multiprocessing4j.**");

    /** Whether {@link #forStream} refuses what the user's patterns and the JDK basics do not list. */
    public enum Mode {
        /** Everything not on the deny-list (or refused by the user's patterns) is accepted. */
        DENYLIST,
        /** Only the user's patterns, the JDK basics and this library's classes are accepted. */
        ALLOWLIST
    }

    private final Mode mode;
    private final ObjectInputFilter user;
    private final ObjectInputFilter limits;
    private final ObjectInputFilter deny;
    private final ObjectInputFilter basics;
    private final String description;

    /** The filter the system properties describe: {@code mp4j.serialFilter}, {@code mp4j.serialFilterMode}. */
    public static SerialFilter fromSystemProperties() {
        return of(System.getProperty(PATTERN_PROPERTY), System.getProperty(MODE_PROPERTY));
    }

    /**
     * @param pattern JDK filter patterns ({@code jdk.serialFilter} syntax), may be null: classes it
     *     allows are accepted, classes it refuses ({@code !name}) are refused, its limits replace the defaults
     * @param mode {@code denylist} (default, also for null) or {@code allowlist}
     * @throws IllegalArgumentException naming the property if either is malformed
     */
    public static SerialFilter of(String pattern, String mode) {
        Mode m;
        if (mode == null || mode.isBlank()) {
            m = Mode.DENYLIST;
        } else {
            try {
                m = Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT).replace("-", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + MODE_PROPERTY + "=" + mode
                        + " is not a filter mode: use denylist (the default) or allowlist", e);
            }
        }
        Map<String, String> limits = new LinkedHashMap<>();
        limits.put("maxdepth", Integer.toString(DEFAULT_MAX_DEPTH));
        limits.put("maxrefs", "100000000");
        limits.put("maxarray", Integer.toString(Integer.MAX_VALUE - 8));
        List<String> classes = new ArrayList<>();
        if (pattern != null) {
            for (String part : pattern.split(";")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq > 0 && p.startsWith("max")) {
                    limits.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
                } else {
                    classes.add(p);
                }
            }
        }
        StringBuilder limitPattern = new StringBuilder();
        limits.forEach((k, v) -> limitPattern.append(limitPattern.isEmpty() ? "" : ";").append(k).append('=').append(v));
        try {
            return new SerialFilter(m, classes.isEmpty() ? null : ObjectInputFilter.Config.createFilter(String.join(";", classes)),
                    ObjectInputFilter.Config.createFilter(limitPattern.toString()),
                    limitPattern + (classes.isEmpty() ? "" : ";" + String.join(";", classes)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PATTERN_PROPERTY + "=" + pattern + " is not a valid filter pattern ("
                    + e.getMessage() + "); use the jdk.serialFilter syntax, e.g. com.example.*;!com.example.Danger;maxdepth=300", e);
        }
    }

    private SerialFilter(Mode mode, ObjectInputFilter user, ObjectInputFilter limits, String description) {
        this.mode = mode;
        this.user = user;
        this.limits = limits;
        this.deny = ObjectInputFilter.Config.createFilter(DENY_LIST);
        this.basics = ObjectInputFilter.Config.createFilter(JDK_BASICS);
        this.description = description;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The filter of one stream; after a refusal, {@link StreamFilter#refusal()} says why.
     *
     * @param streamLength how many bytes the serialized stream has in all: no array may be longer
     *     than what is left of it
     */
    public StreamFilter forStream(long streamLength) {
        return new StreamFilter(streamLength);
    }

    /** The filter of one stream, which remembers why it refused. Used by one reading thread. */
    public final class StreamFilter implements ObjectInputFilter {
        private final long streamLength;
        private String refusal;

        private StreamFilter(long streamLength) {
            this.streamLength = streamLength;
        }

        /** @return why the last value was refused, or null */
        public String refusal() {
            return refusal;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            String why = check(info);
            if (why != null) {
                refusal = why;
                return Status.REJECTED;
            }
            return allowed(info);
        }

        private String check(FilterInfo info) {
            if (limits.checkInput(info) == Status.REJECTED) {
                return "it exceeds a limit (depth " + info.depth() + ", references " + info.references() + ", "
                        + info.streamBytes() + " bytes read" + (info.arrayLength() >= 0 ? ", an array of "
                        + info.arrayLength() : "") + "; limits " + description + ")";
            }
            Class<?> c = info.serialClass();
            if (c != null && c.isArray() && info.arrayLength() >= 0) {
                long left = Math.max(0, streamLength - info.streamBytes());
                Class<?> component = c.getComponentType();
                long room = component.isPrimitive() ? left / elementBytes(component) : 2 * left + 64;
                if (info.arrayLength() > room) {
                    return "it announces an array of " + info.arrayLength() + " " + component.getName()
                            + " but only " + left + " bytes are left in the message";
                }
            }
            if (c == null) {
                return null;
            }
            Status u = user == null ? Status.UNDECIDED : user.checkInput(info);
            if (u == Status.REJECTED) {
                return "class " + c.getName() + " is refused by -D" + PATTERN_PROPERTY;
            }
            if (u == Status.ALLOWED) {
                return null;
            }
            if (deny.checkInput(info) == Status.REJECTED) {
                return "class " + c.getName() + " is on the deny-list of known deserialization gadgets";
            }
            if (mode == Mode.DENYLIST) {
                return null;
            }
            Class<?> element = c;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            if (element.isPrimitive() || Proxy.isProxyClass(element)) {
                return null; // a proxy's interfaces are checked on their own
            }
            if (basics.checkInput(info) == Status.ALLOWED) {
                return null;
            }
            return "class " + element.getName() + " is not on the allow-list (-D" + MODE_PROPERTY
                    + "=allowlist accepts only the JDK basics, this library's classes and what -D" + PATTERN_PROPERTY + " allows)";
        }

        private Status allowed(FilterInfo info) {
            return info.serialClass() != null && mode == Mode.ALLOWLIST ? Status.ALLOWED : Status.UNDECIDED;
        }
    }

    private static int elementBytes(Class<?> primitive) {
        if (primitive == long.class || primitive == double.class) {
            return 8;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        if (primitive == short.class || primitive == char.class) {
            return 2;
        }
        return 1;
    }

    /** How to change the filter, for the message of a refused value. */
    String advice() {
        return "the deserialization filter (" + mode.name().toLowerCase(Locale.ROOT) + " mode) can be changed in every JVM"
                + " with -D" + PATTERN_PROPERTY + " (e.g. com.example.*;maxdepth=400; see docs/security.md);"
                + " a graph nested deeper than maxdepth is better flattened, since deep graphs also need larger"
                + " thread stacks (-Xss)";
    }
}
