package dev.tokentray.cli;

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
                YubikeyCommand.class})
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

    /** Runs the command line and returns the exit code: 0 ok, 1 an error to act on, 2 bad usage. */
    public static int run(CliContext ctx, String... args) {
        CommandLine cli = new CommandLine(new TokentrayCommand(ctx));
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(ctx.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof TokentrayException) {
                ctx.err().println("tokentray: " + e.getMessage());
            } else {
                // An unexpected failure: the type and where, never the message, which could
                // carry anything a library put in it.
                ctx.err().println("tokentray: internal error (" + e.getClass().getName() + " at "
                        + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?")
                        + "); please report it");
                if (ctx.env().get("TOKENTRAY_DEBUG") != null) {
                    e.printStackTrace(ctx.err());
                }
            }
            return 1;
        });
        return cli.execute(args);
    }
}
