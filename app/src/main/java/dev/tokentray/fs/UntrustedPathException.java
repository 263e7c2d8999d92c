package dev.tokentray.fs;

import dev.tokentray.TokentrayException;
import java.nio.file.Path;

/**
 * A path tokentray was about to trust (its home, the cache, the agent's socket or pipes) that
 * another user could have made or can change. The message names the path and the fix.
 */
public final class UntrustedPathException extends TokentrayException {
    private final transient Path path;

    /** For what another user made: removing it is the fix, and tokentray makes it again. */
    public UntrustedPathException(Path path, String problem) {
        this(path, problem, "remove it and try again (tokentray makes it again, for you only)");
    }

    public UntrustedPathException(Path path, String problem, String fix) {
        super(path + " " + problem + ", so tokentray does not trust it; " + fix);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
