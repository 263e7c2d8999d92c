package dev.tokentray.cli;

import dev.tokentray.core.Tokentray;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "wire", description = "Add a [profile PROFILE-tokentray] that calls this shim to ~/.aws/config.")
final class WireCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Option(names = "--as", paramLabel = "NAME", description = "Name of the wired profile (default: PROFILE-tokentray).")
    String as;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Tokentray.WireResult result = ctx.engine().wire(profile, as, ctx.engine().launcher());
        if (result.changed()) {
            ctx.out().println("Wired profile '" + result.wiredProfile() + "' to tokentray's session for '" + profile
                    + "' (backup: " + result.backup() + ").");
        } else {
            ctx.out().println("Profile '" + result.wiredProfile() + "' is already wired.");
        }
        ctx.out().println("Try: aws sts get-caller-identity --profile " + result.wiredProfile());
        return 0;
    }
}
