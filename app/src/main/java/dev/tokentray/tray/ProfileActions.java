package dev.tokentray.tray;

import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentServer;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.outputs.Browser;
import dev.tokentray.outputs.SessionFormats;
import dev.tokentray.sts.KeyRotation;
import dev.tokentray.sts.NeedsUserException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the tray's menu, window and agent can do to a profile, as blocking calls for a worker
 * thread (never the FX or AWT thread). Each is one engine call; the person is asked only when the
 * quiet way (open vault, cached MFA session, mfa_process) cannot do it.
 */
public final class ProfileActions {
    /** How long a caller (a shim behind the agent) waits for the person at the dialog. */
    static final long DIALOG_WAIT_MINUTES = 5;

    private final Tokentray engine;
    private final UnlockedState state;
    private volatile UnlockPrompt prompt;
    private volatile AgentServer agent;
    private volatile Runnable onChange = () -> { };

    public ProfileActions(Tokentray engine, UnlockedState state) {
        this.engine = engine;
        this.state = state;
    }

    public Tokentray engine() {
        return engine;
    }

    public UnlockedState state() {
        return state;
    }

    /** Where to ask the person, and the agent whose memory to keep in step (either may be null). */
    public void attach(UnlockPrompt prompt, AgentServer agent) {
        this.prompt = prompt;
        this.agent = agent;
    }

    /** Runs after anything that changed a profile's session, so the tray redraws at once instead of at its next tick. */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /** Tells the listener now (after a change made outside these actions, like locking the vault). */
    public void onChangeNow() {
        onChange.run();
    }

    /**
     * Every profile the tray shows and watches. A session written into the credentials file is a
     * copy of its profile's, renewed with it, and a wired profile is a door into its source: neither
     * gets a row (nor an expiry notice) of its own.
     */
    public List<ProfileStatus> overview() {
        return engine.overview().stream().filter(ProfileStatus::ownRow).toList();
    }

    /**
     * A session for {@code profile}, asking the person through the dialog only when needed.
     * Throws {@link NeedsUserException} when the dialog was cancelled or nobody answered.
     */
    public Session session(String profile, boolean forceNew) {
        try {
            return state.quiet(profile, forceNew);
        } catch (NeedsUserException e) {
            UnlockPrompt p = prompt;
            if (p == null) {
                throw e;
            }
            return await(p, profile, false);
        }
    }

    /**
     * Makes a new session now (the menu's and window's Refresh, a click on an expiry notice):
     * quietly when the cached MFA session can stand in, else through the dialog with a new code.
     */
    public Session refresh(String profile) {
        Session before = engine.sessionCache().get(SessionCache.profileKey(profile));
        try {
            Session s = state.quiet(profile, true);
            // A profile whose session is its MFA session gets that same session back: only a new
            // code extends it.
            if (before == null || s.expiration().isAfter(before.expiration())) {
                forgetInAgent(profile);
                return s;
            }
        } catch (NeedsUserException e) {
            // asked below
        }
        UnlockPrompt p = prompt;
        if (p == null) {
            throw new NeedsUserException(profile + " needs a new MFA code to renew: run `tokentray unlock " + profile + "`");
        }
        return await(p, profile, true);
    }

    /** A new session without asking anyone (auto-refresh); {@link NeedsUserException} when a person is needed. */
    public Session renewQuietly(String profile) {
        Session s = state.renewAhead(profile);
        forgetInAgent(profile);
        return s;
    }

    /** The dialog's submit: the typed password (wiped here) and code; {@code renew} for a new MFA session. */
    public Session unlock(String profile, char[] password, String code, boolean renew) {
        Session s = state.unlock(profile, password, code, renew);
        forgetInAgent(profile);
        return s;
    }

    /**
     * Replaces the access key of {@code profile}'s keys in IAM and the vault: quietly when the open
     * vault and a cached MFA session can do it, else after the unlock dialog has asked for what is
     * missing, as for any unlock. Throws {@link NeedsUserException} when the dialog was cancelled.
     */
    public KeyRotation.Result rotate(String profile) {
        for (int asked = 0; ; asked++) {
            try {
                KeyRotation.Result result = state.rotate(profile);
                forgetInAgent(profile);
                return result;
            } catch (NeedsUserException e) {
                UnlockPrompt p = prompt;
                if (p == null || asked == 2) {
                    throw e;
                }
                // Locked: the dialog opens the vault (with a code when the profile needs one).
                // Open: only a code is missing, which a new MFA session takes.
                await(p, profile, state.vaultOpen());
            }
        }
    }

    public List<String> clear(String profile) {
        return clear(profile, false).profiles();
    }

    /** Drops the profile's session, and with {@code endMfaSession} the MFA session it chains from; the lines say what ended. */
    public Tokentray.Cleared clear(String profile, boolean endMfaSession) {
        Tokentray.Cleared cleared = engine.clear(profile, endMfaSession);
        forgetInAgent(profile);
        return cleared;
    }

    /** The code the profile's YubiKey gives now, or null when it names none (see UnlockedState#yubikeyCode). */
    public String yubikeyCode(String profile) {
        return state.yubikeyCode(profile);
    }

    /** The `export` lines for a shell, as `tokentray export PROFILE` prints them. */
    public String exportLines(String profile) {
        return SessionFormats.shellExports(session(profile, false), engine.region(profile));
    }

    /**
     * Opens the AWS console as {@code profile} in the browser, as `tokentray login` does. A role
     * profile gets its session as the shim would (the dialog when locked); a profile without a role
     * signs in from its keys, so a locked vault brings up the dialog, which opens it.
     */
    public void openConsole(String profile) throws InterruptedException {
        openInBrowser(consoleLink(profile), "use `tokentray login " + profile + " --stdout`");
    }

    /** The AWS console sign-in link of {@code profile}, valid 15 minutes (the dialog when locked). */
    public String consoleLink(String profile) {
        try {
            return state.consoleLoginUrl(profile, () -> session(profile, false));
        } catch (NeedsUserException e) {
            UnlockPrompt p = prompt;
            if (p == null) {
                throw e;
            }
            await(p, profile, false);
            return state.consoleLoginUrl(profile, () -> session(profile, false));
        }
    }

    /**
     * Opens a sign-in {@code link} in the browser; a browser that cannot be started (or follows
     * no link) throws with a line ending in {@code fallback}, the other way in.
     */
    public void openInBrowser(String link, String fallback) throws InterruptedException {
        Browser.openOnce(link, engine.env().get("BROWSER"), fallback);
    }

    public Tokentray.WireResult wire(String profile) {
        return engine.wire(profile, null, engine.launcher());
    }

    private void forgetInAgent(String profile) {
        AgentServer a = agent;
        if (a != null) {
            a.forget(profile);
        }
        onChange.run();
    }

    private static Session await(UnlockPrompt prompt, String profile, boolean renew) {
        try {
            return prompt.ask(profile, renew).get(DIALOG_WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (CancellationException | TimeoutException e) {
            throw new NeedsUserException(profile + " is locked: the unlock dialog was closed without unlocking");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof TokentrayException t) {
                throw t;
            }
            // A defect of ours: its type and place go to the tray's log (stderr), the person gets words.
            System.err.println(dev.tokentray.FailureLine.of(e.getCause()));
            throw new TokentrayException("the unlock dialog of " + profile + " failed (an internal error);"
                    + " try again, and please report it", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NeedsUserException(profile + " is locked: interrupted while waiting for the unlock dialog");
        }
    }
}
