package io.multiprocessing4j.dashboard;

import java.util.List;

/** A minimal JSON writer for the page's snapshots: objects, arrays, strings, numbers, booleans. */
final class Json {
    private final StringBuilder sb = new StringBuilder(4096);
    private boolean needComma;

    Json open() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    Json close() {
        sb.append('}');
        needComma = true;
        return this;
    }

    Json openArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    Json closeArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    Json key(String k) {
        comma();
        string(k);
        sb.append(':');
        needComma = false;
        return this;
    }

    Json value(String s) {
        comma();
        if (s == null) {
            sb.append("null");
        } else {
            string(s);
        }
        needComma = true;
        return this;
    }

    Json value(long n) {
        comma();
        sb.append(n);
        needComma = true;
        return this;
    }

    Json value(double d) {
        comma();
        sb.append(Double.isFinite(d) ? String.format(java.util.Locale.ROOT, "%.3f", d) : "null");
        needComma = true;
        return this;
    }

    Json value(boolean b) {
        comma();
        sb.append(b);
        needComma = true;
        return this;
    }

    Json nullValue() {
        comma();
        sb.append("null");
        needComma = true;
        return this;
    }

    Json forEachLine(List<String> lines) {
        for (String line : lines) {
            value(line);
        }
        return this;
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
        }
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
