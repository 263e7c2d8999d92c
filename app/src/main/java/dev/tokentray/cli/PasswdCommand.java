package dev.tokentray.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "passwd", description = "Change the vault password (re-encrypts every key).")
final class PasswdCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Option(names = "--password-stdin", description = "Read the current password from standard input.")
    boolean passwordStdin;

    @Option(names = "--new-password-stdin", description = "Read the new password from standard input"
            + " (after the current one, if that comes from there too).")
    boolean newPasswordStdin;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        VaultPasswords passwords = new VaultPasswords(ctx, passwordStdin);
        char[] current = null;
        char[] next = null;
        try {
            ctx.engine().requireVault();
            current = passwords.forVault();
            next = passwords.newPassword(newPasswordStdin);
            ctx.engine().changePassword(current, next);
            ctx.out().println("Changed the vault password.");
            return 0;
        } finally {
            if (current != null) {
                Arrays.fill(current, '\0');
            }
            if (next != null) {
                Arrays.fill(next, '\0');
            }
        }
    }
}
