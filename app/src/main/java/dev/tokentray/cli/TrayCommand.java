package dev.tokentray.cli;

import dev.tokentray.tray.AwtTrayBackend;
import dev.tokentray.tray.TrayApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "tray", description = "Start the tray app: the icon with every profile's countdown, and the agent the shim asks.")
final class TrayCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        return new TrayApp(ctx.engine(), new AwtTrayBackend(), ctx.clock(), ctx.err()::println).run();
    }
}
