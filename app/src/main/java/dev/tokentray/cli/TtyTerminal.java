package dev.tokentray.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The controlling terminal. Uses {@link Console} when stdin and stdout are both a terminal;
 * otherwise (stdin or stdout piped, as with {@code --secret-stdin} or inside {@code $(...)}) it
 * opens /dev/tty itself, as ssh and gpg do, and turns echo off with stty.
 */
public final class TtyTerminal implements Terminal {
    private static final File TTY = new File("/dev/tty");

    @Override
    public boolean available() {
        return System.console() != null || ttyUsable();
    }

    @Override
    public char[] readSecret(String prompt) {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("%s", prompt);
        }
        return ttyUsable() ? fromTty(prompt, false) : null;
    }

    @Override
    public String readLine(String prompt) {
        Console console = System.console();
        if (console != null) {
            return console.readLine("%s", prompt);
        }
        if (!ttyUsable()) {
            return null;
        }
        char[] line = fromTty(prompt, true);
        return line == null ? null : new String(line);
    }

    private static boolean ttyUsable() {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static char[] fromTty(String prompt, boolean echo) {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            tty.write(prompt.getBytes(Charset.defaultCharset()));
            if (!echo) {
                stty("-echo");
            }
            byte[] line;
            try {
                line = readLine(tty);
            } finally {
                if (!echo) {
                    stty("echo");
                    tty.write('\n');
                }
            }
            if (line == null) {
                return null;
            }
            CharBuffer chars = Charset.defaultCharset().decode(ByteBuffer.wrap(line));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(line, (byte) 0);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readLine(RandomAccessFile tty) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        boolean any = false;
        while ((b = tty.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                buffer.write(b);
            }
        }
        byte[] line = buffer.toByteArray();
        buffer.reset();
        buffer.write(new byte[line.length]);
        return any ? line : null;
    }

    private static void stty(String mode) {
        try {
            Process p = dev.tokentray.ChildEnvironment.builder(java.util.List.of("stty", mode)).redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        } catch (IOException e) {
            // no stty: the answer will echo, which is visible but not stored anywhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
