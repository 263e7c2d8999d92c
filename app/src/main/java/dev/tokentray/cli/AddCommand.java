package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "add", description = "Store a long-lived access key pair in the encrypted vault.")
final class AddCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "Profile name, as in ~/.aws/config.")
    String profile;

    @Option(names = "--access-key-id", paramLabel = "ID", description = "The access key ID (asked when omitted).")
    String accessKeyId;

    @Option(names = "--secret-stdin", description = "Read the secret access key from the first line of standard input.")
    boolean secretStdin;

    @Option(names = "--password-stdin", description = "Read the vault password from standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        if (secretStdin && passwordStdin) {
            throw new TokentrayException("--secret-stdin and --password-stdin cannot share standard input;"
                    + " set TOKENTRAY_VAULT_PASSWORD for the password instead");
        }
        String keyId = accessKeyId;
        if (keyId == null) {
            keyId = ctx.terminal().available() ? ctx.terminal().readLine("Access key ID: ") : null;
            if (keyId == null) {
                throw new TokentrayException("no access key ID for profile '" + profile + "': pass --access-key-id");
            }
            keyId = keyId.strip();
        }
        char[] secret = secretStdin ? ctx.stdin().next()
                : ctx.terminal().available() ? ctx.terminal().readSecret("Secret access key: ") : null;
        if (secret == null) {
            throw new TokentrayException("no secret access key for profile '" + profile
                    + "': pass --secret-stdin and pipe it, or run in a terminal");
        }
        char[] password = null;
        try {
            password = new VaultPasswords(ctx, passwordStdin).forVault();
            boolean replaced = ctx.engine().addKeys(profile, keyId, secret, password);
            ctx.out().println((replaced ? "Replaced" : "Added") + " keys " + keyId + " for profile '" + profile
                    + "' in the vault.");
            return 0;
        } finally {
            Arrays.fill(secret, '\0');
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
