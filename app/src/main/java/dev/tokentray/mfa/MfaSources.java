package dev.tokentray.mfa;

import dev.tokentray.config.MfaSettings;
import dev.tokentray.mfa.oath.OathPasswordSource;
import dev.tokentray.mfa.oath.YubikeyMfaCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which source gives a profile its MFA code, the one rule every face follows: a YubiKey when the
 * profile names one (yubikey_serial or yubikey_oath_account), raced against the person typing the
 * code; else its mfa_process; else the person.
 */
public final class MfaSources {
    static final Duration KEY_HEAD_START = Duration.ofMillis(1500);

    private MfaSources() {
    }

    /** Whether the profile reads its code from a YubiKey. */
    public static boolean usesYubikey(MfaSettings mfa) {
        return mfa.yubikeySerial() != null || mfa.oathAccount() != null;
    }

    /** The profile's YubiKey as a code source, or null when the profile names none. */
    public static MfaCodeSource yubikey(MfaSettings mfa, OathPasswordSource passwords, Consumer<String> notices) {
        return usesYubikey(mfa) ? new YubikeyMfaCode(mfa.yubikeySerial(), mfa.oathAccount(), passwords, notices) : null;
    }

    /**
     * @param typed     the face's way to ask a person (terminal, dialog), or null when there is none
     * @param passwords the OATH password for a password-protected applet
     * @param notices   "Touch your YubiKey" and why the key could not answer, for the person to see
     */
    public static MfaCodeSource choose(MfaSettings mfa, Clock clock, MfaCodeSource typed, OathPasswordSource passwords,
                                       Consumer<String> notices) {
        MfaCodeSource key = yubikey(mfa, passwords, notices);
        if (key != null) {
            // The key runs alone for a moment first: one that needs no touch answers before the
            // person is asked for anything.
            return typed == null ? key : new FirstCodeWins(List.of(key, typed), notices, KEY_HEAD_START);
        }
        if (mfa.process() != null) {
            return new ProcessMfaCode(mfa.process(), clock, notices);
        }
        return typed;
    }
}
