package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.outputs.SessionFormats;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
        // The hook is in place before the child starts: a SIGTERM/SIGHUP that ends this JVM at
        // any moment after that is passed on, so the child is never orphaned. Starting the child
        // and the hook share a lock, so a signal that lands while the child is being started
        // either stops it from starting or finds it. (SIGINT from the terminal reaches the child
        // directly: same process group.)
        ChildGuard guard = new ChildGuard();
        Thread forward = new Thread(guard::stop, "tokentray-exec-forward");
        Runtime.getRuntime().addShutdownHook(forward);
        Process child = guard.start(builder, command.get(0));
        int code = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException e) {
            // we are shutting down because of a signal: the hook has done its work
        }
        return code;
    }

    /** The child process and whether a signal has asked us to stop, under one lock. */
    private static final class ChildGuard {
        private Process child;
        private boolean stopping;

        synchronized Process start(ProcessBuilder builder, String program) throws InterruptedException {
            if (stopping) {
                throw new InterruptedException("stopping before " + program + " started");
            }
            try {
                child = builder.start();
            } catch (IOException e) {
                throw new TokentrayException("cannot run " + program + " (" + e.getClass().getSimpleName()
                        + "); check that it is installed and on PATH");
            }
            return child;
        }

        synchronized void stop() {
            stopping = true;
            if (child != null && child.isAlive()) {
                child.destroy();
                try {
                    // Let the child finish its own clean-up before this JVM is gone.
                    child.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
