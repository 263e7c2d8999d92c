package dev.tokentray.cli;

import dev.tokentray.agent.TrayUnlock;
import dev.tokentray.cache.Session;
import dev.tokentray.outputs.SessionFormats;
import dev.tokentray.sts.NeedsUserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The credential_process shim. Prints one JSON object on stdout and nothing else; prompts, if
 * any, go to the terminal, or with no terminal on a desktop to the tray's unlock dialog. A cache
 * hit never reaches here: {@code Main} answers it without loading picocli or the AWS SDK.
 */
@Command(name = "credential-process", description = "Print the session as credential_process JSON (for ~/.aws/config);"
        + " with no terminal on a desktop, the tray's unlock dialog asks (the tray is started if need be).")
final class CredentialProcessCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Mixin
    SessionOptions options;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Session s;
        try {
            s = options.session(ctx, profile, false);
        } catch (NeedsUserException e) {
            // Options asking for a particular session are for the terminal; the dialog makes its own kind.
            if (ctx.terminal().available() || !options.agentMayAnswer()
                    || !TrayUnlock.desktop(ctx.env(), System.getProperty("os.name", ""))) {
                ctx.err().println("tokentray: " + profile + " is locked: run `tokentray unlock " + profile + "`");
                return 1;
            }
            s = new TrayUnlock(ctx.env()).session(profile, options.agentAnswer());
        }
        ctx.out().println(SessionFormats.credentialProcessJson(s));
        return 0;
    }
}
