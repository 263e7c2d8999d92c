package dev.tokentray.tray;

import dev.tokentray.cache.Session;
import java.util.concurrent.CompletableFuture;

/** Asks a person to unlock a profile (the tray's dialog); completes with the session, or exceptionally when cancelled. */
public interface UnlockPrompt {
    CompletableFuture<Session> ask(String profile);
}
