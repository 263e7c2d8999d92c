package dev.tokentray.mfa.oath;

/** The card answered VALIDATE with 6A80: the OATH password is wrong (asking again is fine). */
public final class WrongOathPasswordException extends OathException {
    public WrongOathPasswordException(String message) {
        super(message);
    }
}
