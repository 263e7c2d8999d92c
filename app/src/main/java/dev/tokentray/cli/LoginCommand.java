package dev.tokentray.cli;

import dev.tokentray.outputs.Browser;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "login", description = {
        "Open the AWS console signed in as the profile (its role session; for a profile without a role,"
                + " a federated-user session from its keys).",
        "The browser gets a one-time link on 127.0.0.1, so the sign-in link is never a process argument."
                + " With --stdout the sign-in link (valid 15 minutes) is printed instead."})
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Option(names = "--stdout", description = "Print the sign-in link instead of opening a browser.")
    boolean stdout;

    @Mixin
    SessionOptions options;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.ctx();
        String url = ctx.engine().consoleLoginUrl(profile, options.duration(), options.inputs(ctx, profile),
                () -> options.session(ctx, profile, false));
        if (stdout) {
            ctx.out().println(url);
            return 0;
        }
        Browser.openOnce(url, ctx.env().get("BROWSER"), "run `tokentray login " + profile + " --stdout`");
        ctx.out().println("Opened the AWS console as " + profile + " in your browser.");
        return 0;
    }
}
