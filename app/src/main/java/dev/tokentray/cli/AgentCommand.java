package dev.tokentray.cli;

import dev.tokentray.agent.HeadlessAgent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tokentray agent}: the headless agent, which the shim starts in the background when no
 * agent answers (hidden: nobody needs to type it). Exits 0 at once when an agent already runs.
 */
@Command(name = "agent", hidden = true,
        description = "Run the headless agent: the tray's agent without a window, answering the shim from memory.")
final class AgentCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        return HeadlessAgent.run(ctx.env(), ctx.clock());
    }
}
