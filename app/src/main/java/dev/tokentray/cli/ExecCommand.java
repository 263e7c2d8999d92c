package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.outputs.SessionFormats;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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
        String region = ctx.engine().region(profile);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(ctx.env().asMap());
        // Without AWS_PROFILE the SDKs use the variables below instead of looking the profile up again.
        env.remove("AWS_PROFILE");
        env.remove("AWS_DEFAULT_PROFILE");
        env.putAll(SessionFormats.environment(s, region));
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new TokentrayException("cannot run " + command.get(0) + " (" + e.getClass().getSimpleName()
                    + "); check that it is installed and on PATH");
        }
        // SIGINT from the terminal reaches the child directly (same process group); SIGTERM/SIGHUP
        // sent to us end the JVM, and this hook passes them on so the child is not orphaned.
        Thread forward = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(forward);
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException e) {
            // we are shutting down because of a signal: the hook has done its work
        }
        return code;
    }
}
