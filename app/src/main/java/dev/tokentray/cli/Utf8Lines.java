package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Secrets as text: one line of a terminal or a pipe, decoded as UTF-8 whatever the locale says,
 * into a char[] that can be wiped. Terminals and files send UTF-8 while the JVM decodes with the
 * locale's charset, which under LC_ALL=C turns every non-ASCII byte into the same U+FFFD (so
 * "äöü" and "ßßß" were one password). Bytes that are not UTF-8 are refused, not guessed at, and a
 * line is bounded, so an endless one cannot fill memory.
 */
final class Utf8Lines {
    static final int MAX_LINE_BYTES = 64 * 1024;

    private Utf8Lines() {
    }

    /**
     * The next line of {@code in} without its line end (LF or CRLF), or null at end of input.
     *
     * @param source what {@code in} is, as the subject of an error line ("standard input")
     */
    static char[] read(InputStream in, String source) throws IOException {
        byte[] line = new byte[128];
        int length = 0;
        boolean any = false;
        try {
            int b;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                if (length == MAX_LINE_BYTES) {
                    throw new TokentrayException(source + " has a line longer than " + MAX_LINE_BYTES
                            + " bytes; give the password or key alone on one line");
                }
                if (length == line.length) {
                    byte[] grown = Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
                    Arrays.fill(line, (byte) 0);
                    line = grown;
                }
                line[length++] = (byte) b;
            }
            if (!any) {
                return null;
            }
            if (length > 0 && line[length - 1] == '\r') {
                length--;
            }
            return decode(line, length, source);
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }

    /** {@code bytes[0..length)} as UTF-8; anything else is refused with one line naming {@code source}. */
    static char[] decode(byte[] bytes, int length, String source) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw notUtf8(source);
        }
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    static TokentrayException notUtf8(String source) {
        return new TokentrayException(source + " is not valid UTF-8; tokentray reads passwords and keys as UTF-8"
                + " whatever the locale, so give them as UTF-8 text (check the terminal's encoding)");
    }
}
