package dev.tokentray.cli;

import dev.tokentray.FailureLine;
import dev.tokentray.TokentrayException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tokentray} command line: one subcommand per verb of DESIGN.md §3. */
@Command(name = "tokentray", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps AWS access keys encrypted and hands out MFA-backed STS sessions.",
        subcommands = {AddCommand.class, ImportCommand.class, ListCommand.class, RemoveCommand.class,
                UnlockCommand.class, CredentialProcessCommand.class, ExecCommand.class, ExportCommand.class,
                ServeCommand.class, WriteCredentialsCommand.class, LoginCommand.class, ClearCommand.class, RotateCommand.class, WireCommand.class, PasswdCommand.class, TrayCommand.class,
                YubikeyCommand.class, AgentCommand.class})
public final class TokentrayCommand implements Runnable {
    private final CliContext ctx;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public TokentrayCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    CliContext ctx() {
        return ctx;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. `tokentray list`");
    }

    /**
     * Runs the command line and returns the exit code: 0 ok, 1 an error to act on, 2 bad usage.
     * Whatever a command throws, an Error included, ends here as one line (see {@link FailureLine}).
     */
    public static int run(CliContext ctx, String... args) {
        try {
            CommandLine cli = new CommandLine(new TokentrayCommand(ctx));
            cli.setOut(new PrintWriter(ctx.out(), true));
            cli.setErr(new PrintWriter(ctx.err(), true));
            cli.setParameterExceptionHandler((e, badArgs) -> {
                // One line, as for every other refusal; the usage is one --help away.
                ctx.err().println(e.getMessage() + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName()
                        + " --help`)");
                return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
            });
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(ctx, e));
            return cli.execute(args);
        } catch (Throwable e) {
            // picocli hands on only Exceptions; an Error (a stack overflow, no memory left) comes out here.
            return failed(ctx, e);
        }
    }

    private static int failed(CliContext ctx, Throwable e) {
        ctx.err().println(FailureLine.of(e));
        if (!(e instanceof TokentrayException) && ctx.env().get("TOKENTRAY_DEBUG") != null) {
            e.printStackTrace(ctx.err());
        }
        return 1;
    }
}
