package dev.tokentray.cli;

import dev.tokentray.core.Tokentray;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "clear", description = {"Drop cached sessions: of one profile (the MFA session its roles chain from"
        + " stays, as in aws-vault, unless --mfa-session), or all."})
final class ClearCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE", arity = "0..1")
    String profile;

    @Option(names = "--mfa-session", description = "Also end the MFA session PROFILE's roles chain from (each then"
            + " needs a new code).")
    boolean mfaSession;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        Tokentray.Cleared cleared = ctx.engine().clear(profile, mfaSession);
        cleared.lines().forEach(ctx.out()::println);
        return 0;
    }
}
