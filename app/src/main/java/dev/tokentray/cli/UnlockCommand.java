package dev.tokentray.cli;

import dev.tokentray.cache.Session;
import dev.tokentray.core.Countdown;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "unlock", description = "Password + MFA -> STS -> a new session in the cache.")
final class UnlockCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Mixin
    SessionOptions options;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        // A new session as asked now: --duration, else the profile's own (not what an earlier one was asked for).
        Session s = ctx.engine().unlock(profile, options.duration(), options.inputs(ctx, profile));
        ctx.out().println("Unlocked " + profile + ": session " + s.accessKeyId() + " until " + s.expiration() + " ("
                + Countdown.format(Duration.between(ctx.clock().instant(), s.expiration())) + " left).");
        return 0;
    }
}
