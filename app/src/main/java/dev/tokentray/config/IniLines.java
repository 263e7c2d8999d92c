package dev.tokentray.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An INI file cut into its lines, each with its exact original bytes and what it is. ini4j parses
 * the values; this view exists for what ini4j cannot do: point at a line in an error message,
 * feed ini4j only the INI subset it understands (AWS nested sub-properties, comments after a
 * section header, Windows paths ending in a backslash), and rewrite a file keeping every byte we
 * did not mean to change.
 */
public final class IniLines {

    public enum Kind { BLANK, COMMENT, SECTION, PROPERTY, CONTINUATION, INVALID }

    /** One line: its 1-based number, its bytes including the line end, and its meaning. */
    public record Line(int number, byte[] raw, String text, Kind kind, String section, String key, String value) {
    }

    /** Stands in for a value's trailing backslash while ini4j parses (a private-use character). */
    private static final char TRAILING_BACKSLASH = '\uE000';

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
        Kind previous = Kind.BLANK;
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
            Line line = classify(number, raw, text, section, previous);
            if (line.kind() == Kind.SECTION) {
                section = line.section();
            }
            if (line.kind() != Kind.BLANK && line.kind() != Kind.COMMENT) {
                previous = line.kind();
            }
            out.add(line);
            start = next;
        }
        return new IniLines(out);
    }

    private static Line classify(int number, byte[] raw, String text, String section, Kind previous) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new Line(number, raw, text, Kind.BLANK, section, null, null);
        }
        if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
            return new Line(number, raw, text, Kind.COMMENT, section, null, null);
        }
        boolean indented = Character.isWhitespace(text.charAt(0));
        // Like Python's configparser (which the AWS CLI uses), an indented line right after a
        // property belongs to that property: AWS writes nested settings such as "s3 =" this way.
        if (indented && (previous == Kind.PROPERTY || previous == Kind.CONTINUATION) && section != null) {
            return new Line(number, raw, text, Kind.CONTINUATION, section, null, null);
        }
        if (trimmed.startsWith("[")) {
            int close = trimmed.lastIndexOf(']');
            // configparser accepts text after the closing bracket (e.g. a comment); so do we.
            int firstClose = trimmed.indexOf(']');
            if (firstClose > 1) {
                String rest = trimmed.substring(firstClose + 1).strip();
                if (rest.isEmpty() || rest.startsWith("#") || rest.startsWith(";")) {
                    close = firstClose;
                }
                String name = trimmed.substring(1, close).strip();
                if (!name.isEmpty()) {
                    return new Line(number, raw, text, Kind.SECTION, name, null, null);
                }
            }
            return new Line(number, raw, text, Kind.INVALID, section, null, null);
        }
        int eq = indexOfOperator(trimmed);
        if (eq > 0 && section != null) {
            String key = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            return new Line(number, raw, text, Kind.PROPERTY, section, key, value);
        }
        return new Line(number, raw, text, Kind.INVALID, section, null, null);
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

    /**
     * The same file in the plain INI that ini4j reads, with line numbers unchanged: continuation
     * lines become blank, section headers lose trailing comments, and a trailing backslash is
     * replaced by a placeholder so ini4j does not join the next line onto a Windows path.
     */
    public String forIni4j() {
        StringBuilder sb = new StringBuilder();
        for (Line line : lines) {
            switch (line.kind()) {
                case SECTION -> sb.append('[').append(line.section()).append(']');
                case PROPERTY -> {
                    String text = line.text().stripTrailing();
                    // ini4j joins a line ending in a backslash with the next one; a Windows path
                    // often ends so. The backslash travels as a placeholder, see restoreBackslash.
                    sb.append(text.endsWith("\\") ? text.substring(0, text.length() - 1) + TRAILING_BACKSLASH : text);
                }
                case COMMENT -> sb.append(line.text());
                case BLANK, CONTINUATION, INVALID -> {
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Undoes the placeholder {@link #forIni4j()} put in place of a trailing backslash. */
    public static String restoreBackslash(String value) {
        return value != null && value.endsWith(String.valueOf(TRAILING_BACKSLASH))
                ? value.substring(0, value.length() - 1) + '\\' : value;
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
