package dev.tokentray.mfa;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/**
 * aws-vault's mfa_process: a shell command whose standard output is the code. Asked again for a
 * fresh code, it waits for the next 30-second TOTP step first (the command would print the same
 * code until then) and says so.
 */
public final class ProcessMfaCode implements MfaCodeSource {
    private static final long TIMEOUT_SECONDS = 60;
    private static final long STEP_SECONDS = 30;
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
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TokentrayException("profile '" + profile + "': mfa_process did not finish in "
                        + TIMEOUT_SECONDS + " s; check the command in ~/.aws/config");
            }
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new TokentrayException("profile '" + profile + "': mfa_process exited " + p.exitValue()
                        + (out.isEmpty() ? " without printing a code" : "") + "; check the command in ~/.aws/config");
            }
            return out;
        } catch (IOException e) {
            throw new TokentrayException("profile '" + profile + "': cannot run mfa_process ("
                    + e.getClass().getSimpleName() + "); check the command in ~/.aws/config", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokentrayException("profile '" + profile + "': interrupted while running mfa_process");
        }
    }
}
