package dev.tokentray.mfa.oath;

/**
 * One credential of the OATH applet. Its id on the card is "[period/][issuer:]name"; the period
 * prefix is only there when it is not 30.
 *
 * @param digits 6 or 8, or 0 when the card did not say (e.g. a locked HOTP listing)
 */
public record OathCredential(String id, String issuer, String name, int period, boolean totp, String algorithm,
                             int digits, boolean touch) {
    static final int DEFAULT_PERIOD = 30;

    /** Splits a credential id as Yubico's tools do. */
    static OathCredential fromId(String id, boolean totp, String algorithm, int digits, boolean touch) {
        String rest = id;
        int period = DEFAULT_PERIOD;
        if (totp) {
            int slash = rest.indexOf('/');
            if (slash > 0 && rest.substring(0, slash).chars().allMatch(Character::isDigit)) {
                try {
                    period = Integer.parseInt(rest.substring(0, slash));
                    rest = rest.substring(slash + 1);
                } catch (NumberFormatException e) {
                    period = DEFAULT_PERIOD;
                }
                if (period <= 0) {
                    period = DEFAULT_PERIOD;
                }
            }
        }
        String issuer = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            issuer = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        return new OathCredential(id, issuer, rest, period, totp, algorithm, digits, touch);
    }

    /** "issuer:name" (without the period), as Yubico Authenticator shows it. */
    public String label() {
        return issuer == null ? name : issuer + ":" + name;
    }

    OathCredential withCalculateAll(int allDigits, boolean needsTouch) {
        return new OathCredential(id, issuer, name, period, totp, algorithm, allDigits > 0 ? allDigits : digits,
                needsTouch);
    }
}
