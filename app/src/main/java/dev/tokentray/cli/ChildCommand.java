package dev.tokentray.cli;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run by exec or serve, with signals passed on so it is never orphaned. */
final class ChildCommand {
    /** Names, in the command's environment, the profile whose session it was handed. */
    static final String PROFILE_VARIABLE = "TOKENTRAY_PROFILE";

    private ChildCommand() {
    }

    /**
     * Runs {@code command} on this terminal with {@code env} (less tokentray's secrets and any other
     * credentials), {@code session} (the variables that hand over the session) and the name of
     * {@code profile}; returns its exit code.
     */
    static int run(List<String> command, Env env, String profile, Map<String, String> session)
            throws InterruptedException {
        Map<String, String> variables = new LinkedHashMap<>(session);
        variables.put(PROFILE_VARIABLE, profile);
        return run(ChildEnvironment.withSession(command, env, variables));
    }

    private static int run(ProcessBuilder builder) throws InterruptedException {
        builder.inheritIO();
        // The hook is in place before the child starts: a SIGTERM/SIGHUP that ends this JVM at
        // any moment after that is passed on, so the child is never orphaned. Starting the child
        // and the hook share a lock, so a signal that lands while the child is being started
        // either stops it from starting or finds it. (SIGINT from the terminal reaches the child
        // directly: same process group.)
        ChildGuard guard = new ChildGuard();
        Thread forward = new Thread(guard::stop, "tokentray-child-forward");
        Runtime.getRuntime().addShutdownHook(forward);
        Process child = guard.start(builder, builder.command().get(0));
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
