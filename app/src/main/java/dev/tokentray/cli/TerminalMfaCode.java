package dev.tokentray.cli;

import dev.tokentray.mfa.MfaCodeSource;

/** Asks for the code on the terminal (never stdout, which may be a credential_process pipe). */
final class TerminalMfaCode implements MfaCodeSource {
    private final Terminal terminal;

    TerminalMfaCode(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public String code(String profile, String serial, boolean retry) {
        if (!terminal.available()) {
            return null;
        }
        String prompt = (retry ? "That code was just used; wait for the next one.\n" : "")
                + "MFA code for " + serial + ": ";
        String code = terminal.readLine(prompt);
        return code == null ? null : code.strip();
    }
}
