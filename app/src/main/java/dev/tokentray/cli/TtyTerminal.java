package dev.tokentray.cli;

import dev.tokentray.ChildEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The controlling terminal, /dev/tty, opened directly as ssh and gpg do: also when stdin or
 * stdout is piped (as with {@code --secret-stdin} or inside {@code $(...)}), and also when both
 * are a terminal, because {@link Console} decodes with the locale's charset while the answer is
 * read here as UTF-8 (see {@link Utf8Lines}). Echo is turned off with stty. Without /dev/tty
 * (Windows) the JDK's console is used; it decodes with the console's code page.
 */
public final class TtyTerminal implements Terminal {
    private static final File TTY = new File("/dev/tty");
    /** The question on /dev/tty while its answer is awaited, else null. */
    private String waiting;

    @Override
    public boolean available() {
        return ttyUsable() || System.console() != null;
    }

    @Override
    public char[] readSecret(String prompt) {
        if (ttyUsable()) {
            return fromTty(prompt, false);
        }
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", prompt);
    }

    @Override
    public String readLine(String prompt) {
        if (ttyUsable()) {
            char[] line = fromTty(prompt, true);
            return line == null ? null : new String(line);
        }
        Console console = System.console();
        return console == null ? null : console.readLine("%s", prompt);
    }

    private static boolean ttyUsable() {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw")) {
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private char[] fromTty(String prompt, boolean echo) {
        try (RandomAccessFile tty = new RandomAccessFile(TTY, "rw");
             EchoOff off = echo ? null : EchoOff.start()) {
            // Echo goes off before the prompt shows, so nothing typed from then on is echoed.
            tty.write(prompt.getBytes(Charset.defaultCharset()));
            waiting(prompt);
            try {
                return Utf8Lines.read(new InputStream() {
                    @Override
                    public int read() throws IOException {
                        return tty.read();
                    }
                }, "what was typed on the terminal");
            } finally {
                waiting(null);
            }
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void waiting(String prompt) {
        waiting = prompt;
    }

    /**
     * E.g. "the YubiKey was not touched in time" while the MFA code is asked: said on a line of
     * its own, then the question again (what was typed so far still counts).
     */
    @Override
    public synchronized void aside(Runnable say) {
        if (waiting == null) {
            say.run();
            return;
        }
        try (FileOutputStream tty = new FileOutputStream(TTY)) {
            tty.write('\n');
            tty.flush();
            say.run();
            tty.write(waiting.getBytes(Charset.defaultCharset()));
        } catch (IOException e) {
            say.run();
        }
    }

    /**
     * Echo off on the terminal until closed. Ctrl-C (or a kill) while the answer is awaited ends
     * the JVM without running the close, and would leave the shell not showing what is typed; a
     * shutdown hook gives the terminal back its settings then, as they were before.
     */
    private static final class EchoOff implements AutoCloseable {
        private final String saved;
        private final Thread hook;
        private boolean restored;

        private EchoOff(String saved) {
            this.saved = saved;
            this.hook = new Thread(this::restore, "tokentray-tty-echo");
        }

        static EchoOff start() {
            EchoOff off = new EchoOff(savedSettings());
            // The hook is in place before echo goes off, and echo goes off under the lock the
            // hook takes, so a Ctrl-C at any moment ends with the settings restored.
            Runtime.getRuntime().addShutdownHook(off.hook);
            synchronized (off) {
                if (!off.restored) {
                    stty("-echo");
                }
            }
            return off;
        }

        /** Idempotent: the close and the hook may both get here. */
        private synchronized void restore() {
            if (restored) {
                return;
            }
            restored = true;
            stty(saved != null ? saved : "echo");
            // The Enter (or Ctrl-C) was not echoed: end the prompt's line.
            try (FileOutputStream tty = new FileOutputStream(TTY)) {
                tty.write('\n');
            } catch (IOException e) {
                // the terminal is gone; nothing to tidy
            }
        }

        @Override
        public void close() {
            restore();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook has run or will find the work done
            }
        }

        /** {@code stty -g}: the settings in a form stty takes back as one argument; null if stty fails. */
        private static String savedSettings() {
            try {
                Process p = ChildEnvironment.builder(List.of("stty", "-g")).redirectInput(TTY)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                p.getInputStream().transferTo(out);
                String settings = out.toString(StandardCharsets.US_ASCII).strip();
                return p.waitFor() == 0 && settings.matches("[A-Za-z0-9:=]+") ? settings : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static void stty(String mode) {
        try {
            Process p = ChildEnvironment.builder(List.of("stty", mode)).redirectInput(TTY)
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
