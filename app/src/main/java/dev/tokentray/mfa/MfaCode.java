package dev.tokentray.mfa;

import java.util.regex.Pattern;

/**
 * The shape of an MFA code AWS takes: the 6 digits a TOTP device shows. STS refuses anything else,
 * so every source's code is checked against this before it is sent, and a refused one is never
 * repeated back (it may be something else pasted by mistake, such as a password).
 */
public final class MfaCode {
    public static final int DIGITS = 6;
    private static final Pattern SHAPE = Pattern.compile("[0-9]{" + DIGITS + "}");

    private MfaCode() {
    }

    public static boolean wellFormed(String code) {
        return code != null && SHAPE.matcher(code).matches();
    }
}
