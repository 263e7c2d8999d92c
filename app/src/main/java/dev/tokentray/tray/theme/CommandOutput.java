package dev.tokentray.tray.theme;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.Env;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a short-lived command prints, for the theme sources that ask a desktop tool. */
@FunctionalInterface
public interface CommandOutput {
    /** Its standard output, or null when it cannot run, fails, or takes longer than a window may wait. */
    String run(List<String> command);

    /**
     * Runs commands with {@code env} as their whole environment (the desktop's settings live where it
     * says), less tokentray's secrets, as every child process.
     */
    static CommandOutput in(Env env) {
        return command -> {
            ProcessBuilder builder = ChildEnvironment.builder(command, env.asMap())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            return output(builder);
        };
    }

    private static String output(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            // A window opening waits for this: a tool that hangs is given up on, not waited out.
            // Its one short line fits the pipe, so it can finish before anything is read.
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            try (InputStream stdout = process.getInputStream()) {
                String out = new String(stdout.readNBytes(4096), StandardCharsets.UTF_8);
                return process.exitValue() == 0 ? out : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
