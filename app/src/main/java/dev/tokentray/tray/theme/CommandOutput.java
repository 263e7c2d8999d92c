package dev.tokentray.tray.theme;

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

    CommandOutput SYSTEM = command -> {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().close();
            String out;
            try (InputStream stdout = process.getInputStream()) {
                // These tools print one short line; more is not an answer we can read anyway.
                out = new String(stdout.readNBytes(4096), StandardCharsets.UTF_8);
            }
            // A window opening waits for this: a tool that hangs is given up on, not waited out.
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    };
}
