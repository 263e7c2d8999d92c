package dev.tokentray.core;

import dev.tokentray.cache.Session;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.MfaSettings;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.mfa.FixedMfaCode;
import dev.tokentray.mfa.MfaCodeSource;
import dev.tokentray.mfa.MfaSources;
import dev.tokentray.mfa.oath.OathException;
import dev.tokentray.mfa.oath.OathPasswordSource;
import dev.tokentray.mfa.oath.RememberedOathPasswords;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.vault.VaultContents;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a long-running face (the tray) keeps between unlocks: the vault, opened once with the
 * password and held in memory until {@link #lock()}, so renewing a session later asks nothing
 * while an MFA session still stands. Sessions are made through the engine, so the per-device
 * lock and the cache are the same as for the CLI and the shim.
 */
public final class UnlockedState implements AutoCloseable {
    private final Tokentray engine;
    private final Consumer<String> warnings;
    private VaultContents vault;
    private volatile BiConsumer<String, String> mfaNotices;

    public UnlockedState(Tokentray engine, Consumer<String> warnings) {
        this.engine = engine;
        this.warnings = warnings;
        this.mfaNotices = (profile, notice) -> warnings.accept(profile + ": " + notice);
    }

    /** Where "Touch your YubiKey" and the like go, with the profile they are about. */
    public void mfaNotices(BiConsumer<String, String> notices) {
        this.mfaNotices = notices;
    }

    public synchronized boolean vaultOpen() {
        return vault != null;
    }

    /** What an unlock of {@code profile} will have to ask a person, judged before trying. */
    public record Needs(boolean password, boolean mfaCode, String mfaSerial, boolean yubikey) {
    }

    public synchronized Needs needs(String profile) {
        ProfilePlan plan = engine.resolver().resolve(profile);
        boolean password = plan.keys().kind() == KeySource.Kind.VAULT && vault == null;
        String serial = plan.effectiveMfa().serial();
        return new Needs(password, serial != null && plan.effectiveMfa().process() == null, serial,
                MfaSources.usesYubikey(plan.effectiveMfa()));
    }

    /**
     * The code {@code profile}'s YubiKey gives now (a touch is asked for through the notices), or
     * null when the profile names no YubiKey. An interrupt gives up: a typed code came first.
     */
    public String yubikeyCode(String profile) {
        MfaSettings mfa = engine.resolver().resolve(profile).effectiveMfa();
        MfaCodeSource key = MfaSources.yubikey(mfa, rememberedOathPasswords(), notice -> mfaNotices.accept(profile, notice));
        return key == null ? null : key.code(profile, mfa.serial(), false);
    }

    /** The tray asks no OATH password itself: one remembered in the keyring (from the CLI) is used. */
    private OathPasswordSource rememberedOathPasswords() {
        return new RememberedOathPasswords(engine.sessionCache().backend(), OathPasswordSource.NONE, k -> false);
    }

    /**
     * A session without asking anyone: the cached one, else one made from the open vault and a
     * cached MFA session (or an mfa_process). Throws {@link NeedsUserException} when a password or
     * a code is needed.
     */
    public Session quiet(String profile, boolean forceNew) {
        return engine.session(profile, forceNew, null, inputs(null, false));
    }

    /**
     * A new session before the cached one runs out (auto-refresh), as long as that one was asked
     * for, without asking anyone: {@link NeedsUserException} when a password or a code is needed.
     */
    public Session renewAhead(String profile) {
        return engine.renewAhead(profile, inputs(null, false));
    }

    /**
     * The console sign-in link for {@code profile} (see {@link Tokentray#consoleLoginUrl}): a role
     * profile with {@code roleSession}, a profile without a role from the open vault's keys.
     * Throws {@link NeedsUserException} when the vault is locked.
     */
    public String consoleLoginUrl(String profile, java.util.function.Supplier<Session> roleSession) {
        return engine.consoleLoginUrl(profile, null, inputs(null, false), roleSession);
    }

    /**
     * A session with what the person typed: opens the vault with {@code password} (kept open
     * afterwards) when given, and uses {@code code} when an MFA code is needed. A wrong password
     * or a refused code throws with the line to show; the password array is wiped.
     *
     * @param renew make a new session with a new MFA session under it, even while the cached ones
     *              are fresh (renewing what only a new code can extend)
     */
    public Session unlock(String profile, char[] password, String code, boolean renew) {
        try {
            if (password != null && password.length > 0) {
                open(password);
            }
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        return engine.session(profile, renew, null, inputs(code == null || code.isBlank() ? null : code.strip(), renew));
    }

    /**
     * Opens the vault and keeps it; a wrong password leaves the previous state as it was. The
     * caller owns (and wipes) {@code password}.
     */
    public synchronized void open(char[] password) {
        engine.requireVault();
        VaultContents opened = engine.vault().open(password);
        if (vault != null) {
            vault.close();
        }
        vault = opened;
    }

    /** Forgets the keys: the next unlock asks for the password again. */
    public synchronized void lock() {
        if (vault != null) {
            vault.close();
            vault = null;
        }
    }

    @Override
    public void close() {
        lock();
    }

    private synchronized AccessKeyPair keys(KeySource source) {
        if (source.kind() != KeySource.Kind.VAULT) {
            return engine.loadKeys(source, () -> {
                throw new NeedsUserException("the vault is locked");
            });
        }
        if (vault == null) {
            throw new NeedsUserException(source.profile() + " is locked: the vault password is needed");
        }
        return Tokentray.keysOf(vault, source.profile());
    }

    private SessionMaker.Inputs inputs(String typedCode, boolean newMfaSession) {
        return new SessionMaker.Inputs() {
            @Override
            public boolean newMfaSession() {
                return newMfaSession;
            }

            @Override
            public AccessKeyPair keys(KeySource source) {
                return UnlockedState.this.keys(source);
            }

            @Override
            public MfaCodeSource mfa(ProfilePlan plan) {
                if (typedCode != null) {
                    return new FixedMfaCode(typedCode);
                }
                // Without a person at hand: the YubiKey (a touch is asked for through the notices)
                // or the mfa_process. When the key cannot answer, the person is asked after all.
                MfaCodeSource unattended = MfaSources.choose(plan.effectiveMfa(), engine.clock(), null,
                        rememberedOathPasswords(),
                        notice -> mfaNotices.accept(plan.profile(), notice));
                return (profile, serial, retry) -> {
                    String code = null;
                    try {
                        code = unattended == null ? null : unattended.code(profile, serial, retry);
                    } catch (OathException e) {
                        throw new NeedsUserException(profile + ": " + e.getMessage());
                    }
                    if (code == null) {
                        throw new NeedsUserException(profile + " needs the MFA code of " + serial);
                    }
                    return code;
                };
            }
        };
    }
}
