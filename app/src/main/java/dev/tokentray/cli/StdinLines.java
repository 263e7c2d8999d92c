package dev.tokentray.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads secrets from standard input one line at a time, into char[] rather than String. */
public final class StdinLines {
    private final InputStream in;

    StdinLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its line end, or null at end of input. */
    public char[] next() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean any = false;
        try {
            int b;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                buffer.write(b);
            }
        } catch (IOException e) {
            return null;
        }
        if (!any) {
            return null;
        }
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] line = new char[chars.remaining()];
        chars.get(line);
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        buffer.reset();
        buffer.write(new byte[bytes.length], 0, bytes.length);
        return line;
    }
}
