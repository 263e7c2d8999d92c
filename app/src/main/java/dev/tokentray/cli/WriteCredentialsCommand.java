package dev.tokentray.cli;

import dev.tokentray.cache.Session;
import dev.tokentray.core.CredentialsFileMode;
import dev.tokentray.core.Tokentray;
import dev.tokentray.outputs.SessionFormats;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "write-credentials", description = {
        "Write the session into ~/.aws/credentials as [NAME], for tools that read nothing else.",
        "Every new session of PROFILE rewrites it (the tray's refreshes too); `tokentray clear PROFILE` removes it."
                + " A section tokentray did not write is never replaced.",
        "The file holds a secret from then on: one that others could read is made owner-only (0600), said on stderr."})
final class WriteCredentialsCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Option(names = "--as", paramLabel = "NAME", description = "The section's name (default: PROFILE-session).")
    String as;

    @Mixin
    SessionOptions options;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Session s = options.session(ctx, profile, false);
        Tokentray engine = ctx.engine();
        CredentialsFileMode.Written written = engine.writeSession(profile, as, s);
        ctx.out().println("Wrote " + profile + "'s session to " + engine.profileFiles().display(written.file())
                + " as [" + written.section() + "], until " + SessionFormats.expiration(s) + "; use it with AWS_PROFILE="
                + written.section() + ", remove it with `tokentray clear " + profile + "`.");
        return 0;
    }
}
