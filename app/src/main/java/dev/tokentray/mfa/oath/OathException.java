package dev.tokentray.mfa.oath;

import dev.tokentray.TokentrayException;

/** A YubiKey or PC/SC failure, as one line that says what to do about it. */
public class OathException extends TokentrayException {
    public OathException(String message) {
        super(message);
    }

    public OathException(String message, Throwable cause) {
        super(message, cause);
    }
}
