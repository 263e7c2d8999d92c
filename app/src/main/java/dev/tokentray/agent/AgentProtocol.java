package dev.tokentray.agent;

import dev.tokentray.Env;
import java.nio.file.Path;

/**
 * The agent's wire format: over a Unix domain socket, the client sends one line of JSON
 * {@code {"Op":"session","Profile":"NAME"}} and the agent answers one line:
 * {@code {"Status":"ok",AccessKeyId,SecretAccessKey,SessionToken,Expiration,ExpiresAt}},
 * {@code {"Status":"locked"}} when nobody could unlock, or {@code {"Status":"error","Message":…}}.
 * Flat objects only, so both ends use the shim's small codec.
 */
public final class AgentProtocol {
    public static final String OP_SESSION = "session";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_LOCKED = "locked";
    public static final String STATUS_ERROR = "error";

    private AgentProtocol() {
    }

    /** The socket: in a directory only the owner may enter, which is what keeps other users out. */
    public static Path socket(Env env) {
        return env.tokentrayHome().resolve("agent").resolve("agent.sock");
    }

    /**
     * Names the JDK's own selector provider for this OS, so that the first channel does not make
     * the JDK search the whole class path (every jar of the app) for another one: that search
     * cost the shim about a fifth of its start-up. Other OSes keep the search.
     */
    public static void skipSelectorProviderScan() {
        String property = "java.nio.channels.spi.SelectorProvider";
        if (System.getProperty(property) != null) {
            return;
        }
        String os = System.getProperty("os.name", "");
        if (os.startsWith("Linux")) {
            System.setProperty(property, "sun.nio.ch.EPollSelectorProvider");
        } else if (os.startsWith("Mac")) {
            System.setProperty(property, "sun.nio.ch.KQueueSelectorProvider");
        }
    }
}
