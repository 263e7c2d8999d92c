package dev.tokentray.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real programs the tests talk to. A missing one fails the test with the name of the
 * package that provides it: a missing peer is never a silent skip.
 */
public final class Peers {
    private Peers() {
    }

    /** The absolute path of {@code command} on PATH, or an AssertionError naming what to install. */
    public static Path require(String command, String installHint) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/local/bin"}) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("test peer '" + command + "' is not installed: " + installHint
                + " (bin/test installs every peer)");
    }
}
