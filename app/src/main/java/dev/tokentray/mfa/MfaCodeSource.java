package dev.tokentray.mfa;

/**
 * Where a one-time code comes from: typed on the terminal, given on the command line, printed by
 * an mfa_process, or (later) read from a YubiKey. One implementation per file.
 */
public interface MfaCodeSource {
    /**
     * A code for the device {@code serial}, or null when this source cannot give one (e.g. no
     * terminal to ask on).
     *
     * @param retry true when the previous code was already used and a fresh one is needed
     */
    String code(String profile, String serial, boolean retry);

    /** Whether asking again can give a different code (a typed code can; a fixed one cannot). */
    default boolean canRetry() {
        return true;
    }
}
