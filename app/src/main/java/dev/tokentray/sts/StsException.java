package dev.tokentray.sts;

import dev.tokentray.TokentrayException;

/** STS or IAM refused or could not be reached; the message names the profile and what to do. */
public class StsException extends TokentrayException {
    public StsException(String message) {
        super(message);
    }

    public StsException(String message, Throwable cause) {
        super(message, cause);
    }
}
