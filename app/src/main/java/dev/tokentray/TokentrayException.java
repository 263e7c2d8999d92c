package dev.tokentray;

/**
 * A failure the user can act on. Its message is the single line printed on stderr, so it names
 * the thing (profile, file) and the next step, and it never carries a secret.
 */
public class TokentrayException extends RuntimeException {
    public TokentrayException(String message) {
        super(message);
    }

    public TokentrayException(String message, Throwable cause) {
        super(message, cause);
    }
}
