package dev.tokentray.mfa.oath;

import dev.tokentray.mfa.MfaCode;
import dev.tokentray.mfa.MfaCodeSource;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The MFA code read from a YubiKey's OATH applet. A touch-required account says "Touch your
 * YubiKey" through {@code notices} while CALCULATE waits. When the calling thread is interrupted
 * (a typed code won the race) it gives up and returns null.
 */
public final class YubikeyMfaCode implements MfaCodeSource {
    public static final String TOUCH_NOTICE = "Touch your YubiKey";

    private final String yubikeySerial;
    private final String account;
    private final OathPasswordSource passwords;
    private final Consumer<String> notices;
    private final OathReader reader;
    private final Clock clock;
    private int lastPeriod = OathCredential.DEFAULT_PERIOD;

    /**
     * @param yubikeySerial the profile's yubikey_serial, or null for the only key plugged in
     * @param account       the profile's yubikey_oath_account, or null to match the MFA device
     */
    public YubikeyMfaCode(String yubikeySerial, String account, OathPasswordSource passwords, Consumer<String> notices) {
        this(yubikeySerial, account, passwords, notices, new OathReader(), Clock.systemUTC());
    }

    YubikeyMfaCode(String yubikeySerial, String account, OathPasswordSource passwords, Consumer<String> notices,
                   OathReader reader, Clock clock) {
        this.yubikeySerial = yubikeySerial;
        this.account = account;
        this.passwords = passwords;
        this.notices = notices;
        this.reader = reader;
        this.clock = clock;
    }

    @Override
    public String code(String profile, String serial, boolean retry) {
        try {
            if (retry && !waitForNextStep(profile)) {
                return null;
            }
            try (OathSession session = reader.open(yubikeySerial)) {
                session.unlock(passwords);
                OathCredential credential = AccountMatch.pick(session.key(), session.list(), account, serial);
                lastPeriod = credential.period();
                // Refused by its digits before a touch is asked for: STS takes no other length.
                if (credential.digits() != 0 && credential.digits() != MfaCode.DIGITS) {
                    throw notSixDigits(profile, credential, credential.digits());
                }
                session.onTouch(() -> notices.accept(TOUCH_NOTICE));
                String code = session.calculate(credential.id());
                if (!MfaCode.wellFormed(code)) {
                    throw notSixDigits(profile, credential, code.length());
                }
                return code;
            }
        } catch (OathException e) {
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            throw e;
        }
    }

    private static OathException notSixDigits(String profile, OathCredential credential, int digits) {
        return new OathException("profile '" + profile + "': the YubiKey's OATH account '" + credential.label()
                + "' makes " + digits + "-digit codes and AWS takes " + MfaCode.DIGITS + "; add it to the key again with "
                + MfaCode.DIGITS + " digits");
    }

    /** The key would give the same code until the next period starts: wait for it. */
    private boolean waitForNextStep(String profile) {
        long periodMillis = lastPeriod * 1000L;
        long wait = periodMillis - clock.millis() % periodMillis + 500;
        notices.accept("tokentray: profile '" + profile + "': that MFA code was already used; waiting "
                + (wait + 999) / 1000 + " s for the next one");
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
