package dev.tokentray.cache;

import dev.tokentray.TokentrayException;

/** The keyring did not answer or refused; the message names the backend and what to do. */
public class KeyringException extends TokentrayException {
    public KeyringException(String message) {
        super(message);
    }

    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
