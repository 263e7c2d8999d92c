package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run by exec or serve: its environment, and signals passed on so it is never orphaned. */
final class ChildCommand {
    /**
     * The variables that would point an SDK anywhere but where tokentray points it: a profile to
     * look up again, or other credentials that come first in every SDK's chain.
     */
    private static final List<String> DROPPED = List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");

    private ChildCommand() {
    }

    /** This process's environment without {@link #DROPPED}, plus {@code added}. */
    static Map<String, String> environment(CliContext ctx, Map<String, String> added) {
        Map<String, String> env = new HashMap<>(ctx.env().asMap());
        DROPPED.forEach(env::remove);
        env.putAll(added);
        return env;
    }

    /** Runs {@code command} with exactly {@code env} on this terminal; returns its exit code. */
    static int run(List<String> command, Map<String, String> env) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(env);
        // The hook is in place before the child starts: a SIGTERM/SIGHUP that ends this JVM at
        // any moment after that is passed on, so the child is never orphaned. Starting the child
        // and the hook share a lock, so a signal that lands while the child is being started
        // either stops it from starting or finds it. (SIGINT from the terminal reaches the child
        // directly: same process group.)
        ChildGuard guard = new ChildGuard();
        Thread forward = new Thread(guard::stop, "tokentray-child-forward");
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
