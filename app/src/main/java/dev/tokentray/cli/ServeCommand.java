package dev.tokentray.cli;

import dev.tokentray.outputs.EcsCredentialsServer;
import dev.tokentray.outputs.SessionFormats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "serve", description = {
        "Serve the session on a local ECS-style credentials endpoint (127.0.0.1, random token).",
        "With CMD: run it with AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN set,"
                + " and stop when it ends. Without: print those two as shell exports and serve until stopped.",
        "SDKs fetch again before the session expires; each fetch is answered from the cache, the tray,"
                + " or a new session, so a long-running CMD keeps working."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Parameters(index = "0", paramLabel = "PROFILE")
    String profile;

    @Parameters(index = "1..*", paramLabel = "CMD", arity = "0..*", description = "A command and its arguments (after --).")
    List<String> command;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port on 127.0.0.1 (default: any free one).")
    int port;

    @Mixin
    SessionOptions options;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = root.ctx();
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port
                    + " is not a port (1-65535; leave it out for any free one)");
        }
        // The first session is got before anything listens: a password or a code is asked now, on
        // this terminal, and a profile that cannot be served fails here with its one line.
        options.session(ctx, profile, false);
        String region = ctx.engine().region(profile);
        try (EcsCredentialsServer server = new EcsCredentialsServer(port, () -> options.session(ctx, profile, false))) {
            Map<String, String> variables = new LinkedHashMap<>(server.environment());
            SessionFormats.putRegion(variables, region);
            if (command != null && !command.isEmpty()) {
                return ChildCommand.run(command, ctx.env(), profile, variables);
            }
            ctx.out().print(SessionFormats.shellExports(variables));
            ctx.out().flush();
            ctx.err().println("tokentray: serving " + profile + " at " + server.uri()
                    + " until stopped (Ctrl-C); unset AWS_PROFILE and AWS_ACCESS_KEY_ID where you use it");
            new CountDownLatch(1).await();
            return 0;
        }
    }
}
