package dev.tokentray.tray;

import dev.tokentray.cache.Session;
import java.util.concurrent.CompletableFuture;

/** Asks a person to unlock a profile (the tray's dialog); completes with the session, or exceptionally when cancelled. */
public interface UnlockPrompt {
    /** @param renew ask for what a new MFA session needs, even if a cached one is still fresh */
    CompletableFuture<Session> ask(String profile, boolean renew);
}
