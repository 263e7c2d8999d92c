package dev.tokentray.cli;

import java.io.IOException;
import java.io.InputStream;

/** Reads secrets from standard input one line at a time, as UTF-8, into char[] rather than String. */
public final class StdinLines {
    private final InputStream in;

    StdinLines(InputStream in) {
        this.in = in;
    }

    /**
     * The next line without its line end, or null at end of input. A line that is not UTF-8 or
     * is longer than {@link Utf8Lines#MAX_LINE_BYTES} is refused with one line.
     */
    public char[] next() {
        try {
            return Utf8Lines.read(in, "standard input");
        } catch (IOException e) {
            return null;
        }
    }
}
