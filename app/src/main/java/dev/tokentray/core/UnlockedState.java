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
import dev.tokentray.sts.KeyRotation;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.vault.VaultContents;
import dev.tokentray.vault.WrongPasswordException;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

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
    /*
     * The password the open vault was opened (or last written) with, kept as long as the keys it
     * guards are: so writes from the window ask nothing more, and a vault another process wrote
     * meanwhile is read again, as KeePassXC keeps its composite key while a database is open.
     */
    private char[] password;
    private volatile BiConsumer<String, String> mfaNotices;

    public UnlockedState(Tokentray engine, Consumer<String> warnings) {
        this.engine = engine;
        this.warnings = warnings;
        this.mfaNotices = (profile, notice) -> warnings.accept(profile + ": " + notice);
        engine.onVaultWritten(this::written);
    }

    /** Where "Touch your YubiKey" and the like go, with the profile they are about. */
    public void mfaNotices(BiConsumer<String, String> notices) {
        this.mfaNotices = notices;
    }

    public synchronized boolean vaultOpen() {
        return vault != null;
    }

    /**
     * What an unlock of a profile will have to ask a person, judged before trying; every text that
     * tells the person what a profile needs (the dialog, notices, the tray menu) is worded here.
     *
     * @param password the vault password (the keys are in the vault and it is not open)
     * @param mfaCode  an MFA code typed or read from a YubiKey (an mfa_process gives its own)
     * @param yubikey  the code comes from a YubiKey, which may ask for a touch
     */
    public record Needs(boolean password, boolean mfaCode, String mfaSerial, boolean yubikey) {
        /** What unlocking {@code plan} asks while the vault is open or not. */
        public static Needs of(ProfilePlan plan, boolean vaultOpen) {
            String serial = plan.effectiveMfa().serial();
            return new Needs(plan.keys().kind() == KeySource.Kind.VAULT && !vaultOpen,
                    serial != null && plan.effectiveMfa().process() == null, serial,
                    MfaSources.usesYubikey(plan.effectiveMfa()));
        }

        /** The same with the vault open (no password) or locked (the password, for vault keys). */
        public Needs given(boolean vaultOpen) {
            return vaultOpen ? new Needs(false, mfaCode, mfaSerial, yubikey) : this;
        }

        private boolean code() {
            return mfaCode || yubikey;
        }

        /** "the vault password and an MFA code", "your YubiKey", "nothing": what to ask for. */
        public String phrase() {
            String code = yubikey ? "your YubiKey" : "an MFA code";
            if (password && code()) {
                return "the vault password and " + code;
            }
            return password ? "the vault password" : code() ? code : "nothing";
        }

        /** "password + MFA code", "YubiKey", "" for nothing: the short form, for menus. */
        public String brief() {
            String code = yubikey ? "YubiKey" : "MFA code";
            if (password && code()) {
                return "password + " + code;
            }
            return password ? "password" : code() ? code : "";
        }

        /** The dialog's sentence when a session is renewed before it runs out. */
        public String renewSentence() {
            String what = password && code() ? "The vault password and " + (yubikey ? "your YubiKey" : "a new MFA code")
                    : password ? "The vault password"
                    : yubikey ? "Your YubiKey" : mfaCode ? "A new MFA code" : "Unlock";
            return what + (password && code() ? " renew" : " renews") + " the session before it runs out"
                    + (yubikey ? " (touch it if it blinks)." : ".");
        }
    }

    public synchronized Needs needs(String profile) {
        return Needs.of(engine.resolver().resolve(profile), vault != null);
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
        keep(engine.vault().open(password), password);
    }

    /**
     * Runs a vault write ({@code write} gets the password) with {@code typed} when given, else with
     * the password the open vault was opened with: while the vault is open, adding or importing
     * keys asks nothing. {@code typed} is wiped. Throws {@link NeedsUserException} when the vault
     * is locked and nothing was typed, or when the file no longer opens with the kept password.
     */
    public <T> T withVaultPassword(char[] typed, Function<char[], T> write) {
        char[] pw = typed != null && typed.length > 0 ? typed : keptPassword();
        try {
            return write.apply(pw);
        } catch (WrongPasswordException e) {
            if (pw != typed) {
                lock();
                throw new NeedsUserException("the vault password changed since the vault was opened; type the vault password");
            }
            throw e;
        } finally {
            Arrays.fill(pw, '\0');
            if (typed != null) {
                Arrays.fill(typed, '\0');
            }
        }
    }

    /** The access key id the open vault holds for {@code profile} (not a secret), or null while locked or when it holds none. */
    public synchronized String accessKeyId(String profile) {
        var entry = vault == null ? null : vault.get(profile);
        return entry == null ? null : entry.accessKeyId();
    }

    /**
     * Replaces the access key of {@code profile}'s keys (see {@link Tokentray#rotate}) with the open
     * vault's password and without asking anyone: a cached MFA session, the YubiKey or the
     * mfa_process gives the code. Throws {@link NeedsUserException} when the vault is locked or a
     * code must be typed. The engine's vault write comes back here, so the open copy holds the new key.
     */
    public KeyRotation.Result rotate(String profile) {
        return withVaultPassword(null, pw -> engine.rotate(profile, pw, inputs(null, false)));
    }

    private synchronized char[] keptPassword() {
        if (password == null) {
            throw new NeedsUserException("the vault is locked: the vault password is needed");
        }
        return password.clone();
    }

    /** What the engine just wrote to the vault becomes the open copy: the password was just given. */
    private synchronized void written(VaultContents contents, char[] writtenWith) {
        keep(contents, writtenWith);
    }

    /** Replaces the open copy and the password kept with it (wiping the old ones). */
    private void keep(VaultContents contents, char[] with) {
        lock();
        vault = contents;
        password = with.clone();
    }

    /** Forgets the keys: the next unlock asks for the password again. */
    public synchronized void lock() {
        if (vault != null) {
            vault.close();
            vault = null;
        }
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
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
        if (vault.get(source.profile()) == null && engine.vault().profiles().contains(source.profile())) {
            // Another process (the CLI) stored these keys after the vault was opened here.
            char[] kept = password.clone();
            try {
                open(kept);
            } catch (WrongPasswordException e) {
                lock();
                throw new NeedsUserException(source.profile() + " is locked: the vault password changed since the vault"
                        + " was opened; the vault password is needed");
            } finally {
                Arrays.fill(kept, '\0');
            }
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
