package dev.tokentray.agent;

import dev.tokentray.BackgroundProcess;
import dev.tokentray.Env;
import dev.tokentray.Launchers;
import dev.tokentray.fs.TrustedPaths;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the headless agent ({@link HeadlessAgent}) for a caller that found none, the way gpg-agent
 * is started on first use: in the background, and without waiting for it (the caller answers by
 * itself this once). Only on the path where no agent answered, so nothing here costs a hit.
 */
public final class AgentStarter {
    /** {@code off} stops callers from starting the headless agent. */
    public static final String VARIABLE = "TOKENTRAY_AGENT";
    /**
     * Callers that find no agent at once (32 parallel terraform shims) start one between them: the
     * first makes this file in the agent directory, and the others start none while it is younger
     * than {@link #CLAIM_MILLIS}. The agent removes it once it holds its lock (or found it held).
     */
    private static final String CLAIM = "starting";
    /** Far longer than an agent takes to start; a claim older than this is from one that never did. */
    private static final long CLAIM_MILLIS = 10_000;

    private AgentStarter() {
    }

    /** Whether TOKENTRAY_AGENT lets callers start the agent: anything but {@code off}. */
    public static boolean allowedBy(Env env) {
        String value = env.get(VARIABLE);
        return value == null || !value.strip().equalsIgnoreCase("off");
    }

    /**
     * Starts {@code tokentray agent} in the background unless an agent holds the agent directory
     * (a tray, or an agent still starting) or another caller has just started one. Never fails:
     * without an agent the caller works as before, and the next call tries again.
     */
    public static void startIfNone(Env env) {
        Path dir = AgentProtocol.dir(env);
        try {
            if (AgentLock.holder(dir) != AgentLock.Holder.NONE) {
                return;
            }
            TrustedPaths.ensureDirectory(env.tokentrayHome(), dir);
            File claim = new File(dir.toFile(), CLAIM);
            if (!claim(claim)) {
                return;
            }
            try {
                BackgroundProcess.start(env, List.of(Launchers.cli(env), "agent"));
            } catch (IOException | RuntimeException e) {
                claim.delete(); // nothing started: the next caller may try
            }
        } catch (IOException | RuntimeException e) {
            // no agent this time
        }
    }

    /** True for the one caller that makes the claim (or replaces a stale one). */
    private static boolean claim(File claim) throws IOException {
        if (claim.createNewFile()) {
            return true;
        }
        if (System.currentTimeMillis() - claim.lastModified() < CLAIM_MILLIS) {
            return false;
        }
        claim.delete();
        return claim.createNewFile();
    }

    /** The agent has its lock, or knows another agent holds it: the next caller may look again. */
    static void started(Path dir) {
        new File(dir.toFile(), CLAIM).delete();
    }
}
