package io.multiprocessing4j.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the bench needs: writing and reading {@link BenchRecord}s.
 *
 * <p>Implementation notes: a recursive-descent reader for objects, arrays, strings, numbers,
 * booleans and null, enough for the records this project and its Python script write. Numbers
 * that are whole come back as {@code Long}, others as {@code Double}.
 */
public final class Json {

    private Json() {
    }

    /** @return the record as one line of JSON */
    public static String write(BenchRecord r) {
        StringBuilder b = new StringBuilder(128);
        b.append("{\"scenario\":").append(quote(r.scenario()))
                .append(",\"variant\":").append(quote(r.variant()))
                .append(",\"metric\":").append(quote(r.metric()))
                .append(",\"value\":").append(number(r.value()))
                .append(",\"unit\":").append(quote(r.unit()))
                .append(",\"params\":");
        writeValue(b, new java.util.TreeMap<>(r.params()));
        return b.append('}').toString();
    }

    /** @return a list of records written as a JSON array, one record per line */
    public static String writeArray(List<BenchRecord> records) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < records.size(); i++) {
            b.append("  ").append(write(records.get(i))).append(i + 1 < records.size() ? ",\n" : "\n");
        }
        return b.append("]\n").toString();
    }

    /**
     * Reads records from a JSON array of records or from JSON lines (one record per line).
     *
     * @throws IllegalArgumentException naming the position if the text is not valid JSON
     */
    public static List<BenchRecord> readRecords(String text) {
        String t = text.strip();
        List<BenchRecord> out = new ArrayList<>();
        if (t.startsWith("[")) {
            for (Object o : (List<?>) new Reader(t).readDocument()) {
                out.add(toRecord(o));
            }
        } else {
            for (String line : t.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                out.add(toRecord(new Reader(line.strip()).readDocument()));
            }
        }
        return out;
    }

    /** @return the record in one JSON object (as parsed), or an exception naming the missing field */
    static BenchRecord toRecord(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("expected a JSON object for a bench record, got: " + o);
        }
        Object value = m.get("value");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = m.get("params") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        Map<String, Object> clean = new LinkedHashMap<>();
        params.forEach((k, v) -> { if (v != null) clean.put(k, v); });
        return new BenchRecord(field(m, "scenario"), field(m, "variant"), field(m, "metric"),
                value instanceof Number n ? n.doubleValue() : Double.NaN, field(m, "unit"), clean);
    }

    private static String field(Map<?, ?> m, String name) {
        Object v = m.get(name);
        if (v == null) {
            throw new IllegalArgumentException("bench record without \"" + name + "\": " + m);
        }
        return v.toString();
    }

    /** @return the object parsed from JSON text */
    public static Object parse(String text) {
        return new Reader(text.strip()).readDocument();
    }

    private static void writeValue(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("null");
            case Number n -> b.append(number(n.doubleValue()));
            case Boolean x -> b.append(x);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    b.append(quote(String.valueOf(e.getKey()))).append(':');
                    writeValue(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    writeValue(b, l.get(i));
                }
                b.append(']');
            }
            default -> b.append(quote(v.toString()));
        }
    }

    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Object readDocument() {
            Object v = value();
            skip();
            if (i != s.length()) {
                throw error("unexpected text after the JSON value");
            }
            return v;
        }

        private Object value() {
            skip();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                case 'N' -> literal("NaN", Double.NaN);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            skip();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String key = string();
                skip();
                expect(':');
                m.put(key, value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            i++;
            skip();
            if (peek() == ']') {
                i++;
                return l;
            }
            while (true) {
                l.add(value());
                skip();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            throw error("unterminated string");
        }

        private Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String t = s.substring(start, i);
            if (t.isEmpty()) {
                throw error("unexpected character '" + s.charAt(i) + "'");
            }
            if (t.matches("-?\\d+") && t.length() < 18) {
                return Long.parseLong(t);
            }
            return Double.parseDouble(t);
        }

        private Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) {
                throw error("expected " + word);
            }
            i += word.length();
            return v;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at character " + i + ": " + what
                    + " near \"" + s.substring(Math.max(0, i - 20), Math.min(s.length(), i + 20)) + "\"");
        }
    }
}
