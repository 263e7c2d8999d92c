package dev.tokentray.cli;

import dev.tokentray.core.Tokentray;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "remove", description = "Delete a profile's keys from the vault and its cached sessions.")
final class RemoveCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Option(names = "--password-stdin", description = "Read the vault password from standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Tokentray.RemoveResult result = ctx.engine().remove(profile,
                () -> new VaultPasswords(ctx, passwordStdin).forVault());
        if (result.keysRemoved()) {
            ctx.out().println("Removed the keys of profile '" + profile + "' from the vault.");
        }
        if (result.sessionRemoved()) {
            ctx.out().println("Removed the cached session of profile '" + profile + "'.");
        }
        return 0;
    }
}
