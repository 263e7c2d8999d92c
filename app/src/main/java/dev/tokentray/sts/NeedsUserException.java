package dev.tokentray.sts;

import dev.tokentray.TokentrayException;

/** Getting a session needs a password or an MFA code, and nobody can be asked right now. */
public final class NeedsUserException extends TokentrayException {
    public NeedsUserException(String message) {
        super(message);
    }
}
