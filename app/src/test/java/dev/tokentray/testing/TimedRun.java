package dev.tokentray.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command started now, in the background, that remembers when its first byte reached stdout:
 * for tests that bound how soon something answers (the whole run's time would also count the
 * JVM's exit). Nothing is written to its stdin.
 */
public final class TimedRun {
    /** What the run printed and returned, and {@link System#nanoTime()} when its first output came. */
    public record Answer(int exit, String out, String err, long printedAt) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Process process;
    private final Path err;
    private final CompletableFuture<Long> printedAt = new CompletableFuture<>();
    private final CompletableFuture<byte[]> out = new CompletableFuture<>();

    /** Starts {@code command} with exactly {@code env}; its stderr goes to a file in {@code scratch}. */
    public TimedRun(List<String> command, Map<String, String> env, Path scratch) {
        try {
            err = Files.createTempFile(scratch, "timed-run-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::read, "timed-run-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (InputStream in = process.getInputStream()) {
            int first = in.read();
            printedAt.complete(System.nanoTime());
            byte[] rest = in.readAllBytes();
            byte[] all = new byte[(first < 0 ? 0 : 1) + rest.length];
            if (first >= 0) {
                all[0] = (byte) first;
            }
            System.arraycopy(rest, 0, all, all.length - rest.length, rest.length);
            out.complete(all);
        } catch (IOException e) {
            printedAt.complete(System.nanoTime());
            out.completeExceptionally(e);
        }
    }

    /** Waits (up to 30 s) for the command to end; a run still going then is killed and fails the test. */
    public Answer await() throws Exception {
        try {
            String text = new String(out.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("still running 30 s after its output closed: " + process.info());
            }
            return new Answer(process.exitValue(), text, Files.readString(err), printedAt.get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no end of output within 30 s: " + process.info(), e);
        } finally {
            process.destroyForcibly();
        }
    }
}
