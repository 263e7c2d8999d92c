package dev.tokentray.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for one flat object of string and whole-number fields: the session cache entries and the
 * credential_process output. The shim runs on every AWS tool start, and a general JSON library
 * costs it ~50 ms of class loading for these five fields (measured by bench/shim), so this
 * narrow codec does only this shape, strictly; every other JSON in tokentray goes through
 * jackson-jr. Tests check it against jackson-jr both ways.
 */
public final class SessionJson {
    private SessionJson() {
    }

    /** Writes the fields in order; values are String, Integer or Long. */
    public static String write(Map<String, Object> fields) {
        StringBuilder out = new StringBuilder(512).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':');
            Object v = e.getValue();
            if (v instanceof Integer || v instanceof Long) {
                out.append(v);
            } else {
                string(out, v.toString());
            }
        }
        return out.append('}').toString();
    }

    /**
     * Reads a flat object whose values are strings or whole numbers (as Long), each key once.
     *
     * @throws IllegalArgumentException for anything else, including nested values
     */
    public static Map<String, Object> read(CharSequence json) {
        Reader r = new Reader(json);
        Map<String, Object> out = new LinkedHashMap<>();
        r.skipSpace();
        r.expect('{');
        r.skipSpace();
        if (r.peek() == '}') {
            r.next();
        } else {
            while (true) {
                r.skipSpace();
                int keyAt = r.pos;
                String key = r.string();
                r.skipSpace();
                r.expect(':');
                r.skipSpace();
                // A key given twice is refused, as by jackson-jr: two readers of one line could
                // otherwise each take a different value for it.
                if (out.putIfAbsent(key, r.peek() == '"' ? r.string() : r.number()) != null) {
                    throw new IllegalArgumentException("duplicate key at " + keyAt);
                }
                r.skipSpace();
                char c = r.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or } at " + r.pos);
                }
            }
        }
        r.skipSpace();
        if (r.pos != json.length()) {
            throw new IllegalArgumentException("trailing text at " + r.pos);
        }
        return out;
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static final class Reader {
        private final CharSequence s;
        private int pos;

        Reader(CharSequence s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (pos - 1));
            }
        }

        void skipSpace() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in string at " + (pos - 1));
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        // Four ASCII hex digits, nothing else (Integer.parseInt would also take a sign).
                        int unit = 0;
                        for (int i = 0; i < 4; i++) {
                            char h = next();
                            int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                            if (digit < 0) {
                                throw new IllegalArgumentException("bad \\u escape at " + (pos - 1));
                            }
                            unit = unit << 4 | digit;
                        }
                        out.append((char) unit);
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        /** JSON's integer: an optional minus, then 0 or ASCII digits without a leading zero. */
        Long number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digits || (s.charAt(digits) == '0' && pos > digits + 1)) {
                throw new IllegalArgumentException("expected a string or a whole number at " + start);
            }
            return Long.parseLong(s.subSequence(start, pos).toString());
        }
    }
}
