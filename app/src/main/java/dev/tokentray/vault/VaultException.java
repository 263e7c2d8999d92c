package dev.tokentray.vault;

import dev.tokentray.TokentrayException;

/** The vault could not be opened or written; the message says why and what to do. */
public class VaultException extends TokentrayException {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
