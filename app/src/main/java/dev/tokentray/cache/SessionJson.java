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
     * Reads a flat object whose values are strings or whole numbers (as Long).
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
                String key = r.string();
                r.skipSpace();
                r.expect(':');
                r.skipSpace();
                out.put(key, r.peek() == '"' ? r.string() : r.number());
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
                        if (pos + 4 > s.length()) {
                            throw new IllegalArgumentException("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(s.subSequence(pos, pos + 4).toString(), 16));
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        Long number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == start || (pos == start + 1 && s.charAt(start) == '-')) {
                throw new IllegalArgumentException("expected a string or a whole number at " + start);
            }
            return Long.parseLong(s.subSequence(start, pos).toString());
        }
    }
}
