package dev.tokentray.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "clear", description = "Drop cached sessions (of one profile, or all).")
final class ClearCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE", arity = "0..1")
    String profile;

    @Override
    public Integer call() {
        CliContext ctx = root.ctx();
        List<String> cleared = ctx.engine().clear(profile);
        ctx.out().println(cleared.isEmpty() ? "No cached sessions to clear."
                : "Cleared the cached sessions of " + String.join(", ", cleared) + ".");
        return 0;
    }
}
