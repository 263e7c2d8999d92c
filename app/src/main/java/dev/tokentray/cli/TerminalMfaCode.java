package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.mfa.MfaCode;
import dev.tokentray.mfa.MfaCodeSource;

/** Asks for the code on the terminal (never stdout, which may be a credential_process pipe). */
final class TerminalMfaCode implements MfaCodeSource {
    /** A mistyped code is asked again this many times in all; then the person is told to start over. */
    private static final int ATTEMPTS = 3;

    private final Terminal terminal;
    private final String why;

    /** @param why a line shown above the prompt saying why this code is asked (a second code), or null */
    TerminalMfaCode(Terminal terminal, String why) {
        this.terminal = terminal;
        this.why = why;
    }

    @Override
    public String code(String profile, String serial, boolean retry) {
        if (!terminal.available()) {
            return null;
        }
        String prompt = (why == null ? "" : why + "\n") + "MFA code for " + serial + ": ";
        String hint = retry ? "That code was just used; wait for the next one.\n" : "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String line = terminal.readLine(hint + prompt);
            if (line == null) {
                return null;
            }
            if (MfaCode.wellFormed(line.strip())) {
                return line.strip();
            }
            hint = "That is not " + MfaCode.DIGITS + " digits. ";
        }
        throw new TokentrayException("profile '" + profile + "': no " + MfaCode.DIGITS + "-digit MFA code was typed;"
                + " run `tokentray unlock " + profile + "` again");
    }
}
