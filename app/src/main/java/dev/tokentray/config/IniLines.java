package dev.tokentray.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An INI file cut into its lines, each with its exact original bytes and what it is, read by the
 * rules of Python's configparser as botocore (the AWS CLI) runs it: full-line comments only, a
 * section header is everything between the first {@code [} and the last {@code ]} of its line, a
 * key is case-insensitive (kept in lower case), and a line indented deeper than the key line above
 * it continues that key's value. The reader and the editors share this view, so both agree on
 * which line belongs where, an error can point at a line, and an edit keeps every byte it did not
 * mean to change.
 */
public final class IniLines {

    public enum Kind { BLANK, COMMENT, SECTION, PROPERTY, CONTINUATION, INVALID }

    /** One line: its 1-based number, its bytes including the line end, and its meaning. */
    public record Line(int number, byte[] raw, String text, Kind kind, String section, String key, String value) {
    }

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final List<Line> lines;

    private IniLines(List<Line> lines) {
        this.lines = lines;
    }

    public List<Line> lines() {
        return lines;
    }

    /**
     * Cuts {@code bytes} into classified lines.
     *
     * @throws CharacterCodingException when the bytes are not UTF-8
     */
    public static IniLines parse(byte[] bytes) throws CharacterCodingException {
        List<Line> out = new ArrayList<>();
        int start = 0;
        String section = null;
        // How deep the key line whose value may go on is indented; -1 when no value may go on.
        int keyIndent = -1;
        int number = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int next = end < bytes.length ? end + 1 : end;
            byte[] raw = java.util.Arrays.copyOfRange(bytes, start, next);
            number++;
            int textStart = start;
            if (number == 1 && startsWith(bytes, UTF8_BOM)) {
                textStart += UTF8_BOM.length;
            }
            int textEnd = end;
            if (textEnd > textStart && bytes[textEnd - 1] == '\r') {
                textEnd--;
            }
            String text = decode(bytes, textStart, textEnd);
            Line line = classify(number, raw, text, section, keyIndent);
            switch (line.kind()) {
                case SECTION -> {
                    section = line.section();
                    keyIndent = -1;
                }
                case PROPERTY -> keyIndent = indent(text);
                case INVALID -> keyIndent = -1;
                case BLANK, COMMENT, CONTINUATION -> {
                }
            }
            out.add(line);
            start = next;
        }
        return new IniLines(out);
    }

    private static Line classify(int number, byte[] raw, String text, String section, int keyIndent) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Line(number, raw, text, Kind.BLANK, section, null, null);
        }
        if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
            return new Line(number, raw, text, Kind.COMMENT, section, null, null);
        }
        // A line indented deeper than the key line above it goes on with that key's value, whatever
        // it looks like: AWS writes nested settings such as "s3 =" this way.
        if (keyIndent >= 0 && indent(text) > keyIndent) {
            return new Line(number, raw, text, Kind.CONTINUATION, section, null, null);
        }
        if (trimmed.startsWith("[")) {
            // configparser's header is "[", then as much as it can take, then "]": text after the
            // last "]" is ignored, a "]" before it is part of the name, and so are spaces.
            int close = trimmed.lastIndexOf(']');
            if (close > 1) {
                return new Line(number, raw, text, Kind.SECTION, trimmed.substring(1, close), null, null);
            }
            return new Line(number, raw, text, Kind.INVALID, section, null, null);
        }
        int eq = indexOfOperator(trimmed);
        if (eq > 0 && section != null) {
            String key = trimmed.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(eq + 1).strip();
            return new Line(number, raw, text, Kind.PROPERTY, section, key, value);
        }
        return new Line(number, raw, text, Kind.INVALID, section, null, null);
    }

    private static int indent(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int indexOfOperator(String s) {
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The first line that is neither a section, a property, a comment, a blank nor a continuation. */
    public Line firstInvalid() {
        for (Line line : lines) {
            if (line.kind() == Kind.INVALID) {
                return line;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String decode(byte[] bytes, int from, int to) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, from, to - from))
                .toString();
    }
}
