package dev.tokentray.cli;

import dev.tokentray.cache.Session;
import dev.tokentray.outputs.SessionFormats;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "exec", description = "Run a command with the session in AWS_* environment variables.")
final class ExecCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Mixin
    SessionOptions options;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.ctx();
        Session s = options.session(ctx, profile, false);
        // Without AWS_PROFILE the SDKs use these variables instead of looking the profile up again.
        return ChildCommand.run(command, ctx.env(), profile,
                SessionFormats.environment(s, ctx.engine().region(profile)));
    }
}
