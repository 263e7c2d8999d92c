package dev.tokentray.shim;

import dev.tokentray.Env;
import dev.tokentray.agent.AgentClient;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.agent.AgentStarter;
import dev.tokentray.cache.KeyringBackend;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Settings;
import dev.tokentray.fs.UntrustedPathException;
import dev.tokentray.outputs.SessionFormats;
import java.time.Instant;

/**
 * The credential_process fast path. AWS tools start a JVM for every call, so an agent's answer or a
 * cache hit is answered here with the JDK, the cache and a small JSON codec only: no picocli,
 * no AWS SDK, no JavaFX. Anything else (a miss, a stale session, options) goes to the full CLI.
 */
public final class Shim {
    private Shim() {
    }

    /**
     * Answers from the agent (the tray's, or the headless one) when one runs and has an answer,
     * else prints the cached session of {@code profile} when it has more than 15 minutes left. A
     * home, agent or cache that another user could have planted is refused with one line, as the
     * full CLI would.
     *
     * @return the exit code when it answered; null to let the full CLI handle the call
     */
    public static Integer serve(Env env, String profile) {
        try {
            return answer(env, profile);
        } catch (UntrustedPathException e) {
            System.err.println("tokentray: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The agent's answer when one runs and has one; else the cache's. When no agent answered at
     * all, the headless agent is started in the background for the calls after this one (unless
     * TOKENTRAY_AGENT or the settings say off); this call does not wait for it.
     */
    private static Integer answer(Env env, String profile) {
        AgentClient.Answer answer = AgentClient.ask(AgentProtocol.socket(env), profile);
        if (answer == null) {
            if (AgentStarter.allowedBy(env) && Settings.agentAllowed(env.tokentrayHome())) {
                AgentStarter.startIfNone(env);
            }
        } else if (!answer.passed()) {
            if (answer.ok()) {
                System.out.println(SessionFormats.credentialProcessJson(answer.session()));
                return 0;
            }
            System.err.println("tokentray: " + (answer.locked()
                    ? profile + " is locked: unlock it in the tray or run `tokentray unlock " + profile + "`"
                    : answer.message()));
            return 1;
        }
        return serveFromCache(env, profile) ? 0 : null;
    }

    /**
     * Prints the cached session of {@code profile} if the cache holds a fresh one. The cache is
     * read through {@link KeyringBackends#reader}: the Secret Service without java-keyring (which
     * would cost every call ~600 ms of start-up); a keyring that cannot answer quickly is a miss,
     * which the full CLI then handles as before.
     */
    private static boolean serveFromCache(Env env, String profile) {
        try {
            // The Secret Service reader opens the JDK's Unix socket: spare it the class path scan.
            AgentProtocol.skipSelectorProviderScan();
            KeyringBackend reader = KeyringBackends.reader(env, env.tokentrayHome());
            if (reader == null) {
                return false;
            }
            Session session = new SessionCache(reader).fresh(SessionCache.profileKey(profile), Instant.now());
            if (session == null) {
                return false;
            }
            System.out.println(SessionFormats.credentialProcessJson(session));
            return true;
        } catch (UntrustedPathException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever went wrong, the full path reports it properly.
            return false;
        }
    }
}
