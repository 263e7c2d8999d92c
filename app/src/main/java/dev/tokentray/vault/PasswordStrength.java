package dev.tokentray.vault;

/**
 * How good a new vault password is, judged the same way by the window and the CLI. Length and
 * character mix only (a dictionary estimator such as zxcvbn would weigh more than the rest of the
 * tray): under 8 characters is refused, as KeePassXC and 1Password warn at about that length and
 * every password manager's generator starts above it; under 12, or under 16 of one kind of
 * character, is accepted with a hint, since an offline guesser against Argon2id still gets through
 * such passwords in days; 12 mixed or 16 of anything (a few words) is good.
 */
public enum PasswordStrength {
    TOO_SHORT("Too short: use at least 8 characters."),
    FAIR("Fair: 12 or more characters with digits or symbols, or a few words, is harder to guess."),
    GOOD("Good: long enough to resist guessing.");

    public static final int MINIMUM = 8;
    static final int ADVISED = 12;
    static final int PASSPHRASE = 16;

    private final String hint;

    PasswordStrength(String hint) {
        this.hint = hint;
    }

    /** One sentence for the person choosing the password. */
    public String hint() {
        return hint;
    }

    public static PasswordStrength of(CharSequence password) {
        int length = Character.codePointCount(password, 0, password.length());
        if (length < MINIMUM) {
            return TOO_SHORT;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            lower |= Character.isLowerCase(c);
            upper |= Character.isUpperCase(c);
            digit |= Character.isDigit(c);
            other |= !Character.isLetterOrDigit(c);
        }
        int kinds = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
        return length >= PASSPHRASE || length >= ADVISED && kinds >= 2 ? GOOD : FAIR;
    }

    /** Refuses a new password under {@link #MINIMUM} characters, in one line saying what to do. */
    public static void requireAcceptable(char[] password) {
        if (of(java.nio.CharBuffer.wrap(password)) == TOO_SHORT) {
            throw new VaultException("the new vault password is too short: use at least " + MINIMUM
                    + " characters (12 or more, or a few words, is better); nothing was changed");
        }
    }
}
