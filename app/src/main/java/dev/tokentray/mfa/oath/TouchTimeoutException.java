package dev.tokentray.mfa.oath;

/** A touch-required credential was not touched in time (6982/6985); trying again is fine. */
public final class TouchTimeoutException extends OathException {
    public TouchTimeoutException(String message) {
        super(message);
    }
}
