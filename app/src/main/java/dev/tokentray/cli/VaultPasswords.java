package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.vault.PasswordStrength;
import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * Where the vault password comes from, in order: standard input when {@code --password-stdin}
 * is given, TOKENTRAY_VAULT_PASSWORD (for automation; anyone who can read the process
 * environment can read it, as with aws-vault's AWS_VAULT_FILE_PASSPHRASE), else the terminal.
 * Each is read as UTF-8 whatever the locale, so a password is the same text from all three.
 */
final class VaultPasswords {
    static final String ENV_VARIABLE = dev.tokentray.Env.VAULT_PASSWORD;

    private final CliContext ctx;
    private final boolean fromStdin;

    VaultPasswords(CliContext ctx, boolean fromStdin) {
        this.ctx = ctx;
        this.fromStdin = fromStdin;
    }

    /** The password of the existing vault, or of the vault about to be created. */
    char[] forVault() {
        boolean creating = !ctx.engine().vault().exists();
        char[] given = fromStdinOrEnv("the vault password");
        if (given != null) {
            return given;
        }
        return creating ? askNew("New vault password: ") : ask("Vault password: ");
    }

    /** A new password for {@code passwd}: from standard input when asked, else typed twice. */
    char[] newPassword(boolean newFromStdin) {
        if (newFromStdin) {
            char[] line = ctx.stdin().next();
            if (line == null || line.length == 0) {
                throw new TokentrayException("no new password on standard input; pipe one line");
            }
            return line;
        }
        return askNew("New vault password: ");
    }

    private char[] fromStdinOrEnv(String what) {
        if (fromStdin) {
            char[] line = ctx.stdin().next();
            if (line == null || line.length == 0) {
                throw new TokentrayException("--password-stdin was given but standard input has no line with " + what);
            }
            return line;
        }
        String env = ctx.env().get(ENV_VARIABLE);
        return env == null ? null : EnvironmentText.utf8(ENV_VARIABLE, env);
    }

    private char[] ask(String prompt) {
        char[] answer = ctx.terminal().available() ? ctx.terminal().readSecret(prompt) : null;
        if (answer == null) {
            throw noTerminal();
        }
        if (answer.length == 0) {
            throw new TokentrayException("no password entered; nothing was changed");
        }
        return answer;
    }

    private char[] askNew(String prompt) {
        char[] first = ask(prompt);
        char[] second = ask("Repeat it: ");
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new TokentrayException("the two passwords differ; nothing was changed, try again");
        }
        // A password a person chooses here gets the window's rule; one from standard input or
        // TOKENTRAY_VAULT_PASSWORD is automation's own choice and is taken as given.
        try {
            PasswordStrength.requireAcceptable(first);
        } catch (RuntimeException e) {
            Arrays.fill(first, '\0');
            throw e;
        }
        if (PasswordStrength.of(CharBuffer.wrap(first)) != PasswordStrength.GOOD) {
            ctx.err().println("note: the new vault password is only fair; 12 or more characters with digits or symbols,"
                    + " or a few words, is harder to guess (`tokentray passwd` changes it)");
        }
        return first;
    }

    private static TokentrayException noTerminal() {
        return new dev.tokentray.sts.NeedsUserException("no terminal to ask for the vault password; pass --password-stdin or set "
                + ENV_VARIABLE);
    }
}
