package dev.tokentray.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command on a real pseudo-terminal (util-linux {@code script}), so it sees a terminal as
 * a person's shell would give it: prompts, echo, /dev/tty. Everything the terminal shows is
 * captured, including whatever would be echoed.
 */
public final class PtySession implements AutoCloseable {
    private final Process process;
    private final OutputStream keyboard;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread reader;

    public PtySession(String commandLine, Map<String, String> env) throws IOException {
        String script = Peers.require("script", "apt-get install bsdutils").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(script, "-qefc", commandLine, "/dev/null"))
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("TERM", "dumb");
        process = builder.start();
        keyboard = process.getOutputStream();
        InputStream out = process.getInputStream();
        reader = new Thread(() -> {
            byte[] buffer = new byte[1024];
            int n;
            try {
                while ((n = out.read(buffer)) > 0) {
                    synchronized (screen) {
                        screen.write(buffer, 0, n);
                        screen.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until the terminal shows {@code text}, then types {@code line} and Enter. */
    public PtySession answer(String text, String line) throws IOException, InterruptedException {
        await(text);
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Sends {@code keys} as typed, byte for byte: control keys (Ctrl-C is 0x03) or bytes that are not UTF-8. */
    public PtySession type(byte... keys) throws IOException {
        keyboard.write(keys);
        keyboard.flush();
        return this;
    }

    public void await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (screen) {
            while (!screen.toString(StandardCharsets.UTF_8).contains(text)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("the terminal never showed '" + text + "'; it shows:\n" + screen());
                }
                screen.wait(Math.min(left, 200));
            }
        }
    }

    public int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("still running; terminal shows:\n" + screen());
        }
        reader.join(5000);
        return process.exitValue();
    }

    public String screen() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
