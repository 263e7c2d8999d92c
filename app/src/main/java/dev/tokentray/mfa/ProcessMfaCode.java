package dev.tokentray.mfa;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.TokentrayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * aws-vault's mfa_process: a shell command whose standard output is the code. Asked again for a
 * fresh code, it waits for the next 30-second TOTP step first (the command would print the same
 * code until then) and says so.
 */
public final class ProcessMfaCode implements MfaCodeSource {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long STEP_SECONDS = 30;
    /** How often the output is looked at while the command runs. */
    private static final long POLL_MILLIS = 20;
    /** Far more than a code and its line ending: a command printing more is not printing a code. */
    private static final int MAX_OUTPUT = 256;

    private final String command;
    private final Clock clock;
    private final Consumer<String> notices;

    public ProcessMfaCode(String command, Clock clock, Consumer<String> notices) {
        this.command = command;
        this.clock = clock;
        this.notices = notices;
    }

    @Override
    public String code(String profile, String serial, boolean retry) {
        if (retry) {
            long now = clock.millis();
            long wait = STEP_SECONDS * 1000 - now % (STEP_SECONDS * 1000) + 500;
            notices.accept("tokentray: profile '" + profile + "': that MFA code was already used; waiting "
                    + (wait + 999) / 1000 + " s for the next one");
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win");
        ProcessBuilder builder = ChildEnvironment.builder(windows ? List.of("cmd.exe", "/c", command)
                : List.of("/bin/sh", "-c", command));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.INHERIT);
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            throw failure(profile, "cannot run mfa_process (" + e.getClass().getSimpleName() + ")");
        }
        String out = output(p, profile);
        if (p.exitValue() != 0 || out.isEmpty()) {
            throw failure(profile, "mfa_process exited " + p.exitValue() + (out.isEmpty() ? " without printing a code" : ""));
        }
        if (!MfaCode.wellFormed(out)) {
            throw notACode(profile);
        }
        return out;
    }

    /**
     * What {@code p} printed by the time it exited, read only as far as the pipe already holds so
     * nothing here ever blocks on it: a grandchild that inherited the pipe may keep it open long
     * after the command is done, or for ever. A command still running at the timeout is stopped.
     */
    private static String output(Process p, String profile) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            boolean exited;
            do {
                exited = p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
                for (int n = in.available(); n > 0 && out.size() <= MAX_OUTPUT; n = in.available()) {
                    out.write(in.readNBytes(Math.min(n, MAX_OUTPUT + 1)));
                }
                if (out.size() > MAX_OUTPUT) {
                    stop(p);
                    throw notACode(profile);
                }
                if (!exited && System.nanoTime() - deadline > 0) {
                    stop(p);
                    throw failure(profile, "mfa_process did not finish in " + TIMEOUT.toSeconds() + " s and was stopped");
                }
            } while (!exited);
        } catch (IOException e) {
            stop(p);
            throw failure(profile, "cannot read what mfa_process printed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new TokentrayException("profile '" + profile + "': interrupted while running mfa_process");
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /** Stops the command and everything it started, so nothing it left behind holds the pipe. */
    private static void stop(Process p) {
        // Taken before the command dies: its children are then handed to init and are no longer its descendants.
        List<ProcessHandle> started = p.descendants().toList();
        p.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
    }

    /** Says nothing of what was printed: a refused code is not repeated, and it may not be a code at all. */
    private static TokentrayException notACode(String profile) {
        return failure(profile, "mfa_process printed something other than a " + MfaCode.DIGITS + "-digit MFA code");
    }

    private static TokentrayException failure(String profile, String what) {
        return new TokentrayException("profile '" + profile + "': " + what + "; check the command in ~/.aws/config");
    }
}
