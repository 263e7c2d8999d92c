package dev.tokentray.cli;

import dev.tokentray.core.Tokentray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "import", description = "Move long-lived keys from the plaintext credentials file into the vault.")
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Option(names = "--profile", paramLabel = "P", description = "Import this profile (repeatable; default: all with keys).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--remove-plaintext", description = "Then delete those keys from the credentials file,"
            + " keeping every other byte of it.")
    boolean removePlaintext;

    @Option(names = "--password-stdin", description = "Read the vault password from standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        char[] password = new VaultPasswords(ctx, passwordStdin).forVault();
        try {
            Tokentray.ImportResult result = ctx.engine().importKeys(profiles, removePlaintext, password);
            String file = ctx.engine().profileFiles().display(ctx.env().awsCredentialsFile());
            ctx.out().println("Imported " + String.join(", ", result.imported()) + " into the vault.");
            if (!result.removedFromPlaintext().isEmpty()) {
                ctx.out().println("Removed their keys from " + file + ".");
            } else if (!removePlaintext) {
                ctx.out().println("The keys are still in " + file + "; run again with --remove-plaintext to delete them there.");
            }
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
