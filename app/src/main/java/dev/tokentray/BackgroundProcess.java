package dev.tokentray;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one of tokentray's own long-running processes (the headless agent, the tray) for a
 * caller that does not wait for it, the way gpg-agent is started on first use: it must outlive the
 * caller, and it must not hold the caller's pipes (the AWS CLI reads a credential_process's
 * stdout until every writer has closed it) or its terminal (Ctrl-C in the shell that ran terraform
 * is not meant for it).
 */
public final class BackgroundProcess {
    /** util-linux's setsid: a session of its own, so the terminal's SIGINT and SIGHUP never reach it. */
    private static final String[] SETSID = {"/usr/bin/setsid", "/bin/setsid"};

    private BackgroundProcess() {
    }

    /**
     * Starts {@code command} with {@code env}'s variables less tokentray's secrets, stdin from
     * the null device and its output discarded, in a session of its own where the OS has setsid.
     * Returns once it is started.
     */
    public static void start(Env env, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(command.size() + 2);
        String setsid = setsid();
        if (setsid != null) {
            full.add(setsid);
            // --fork: setsid itself exits at once, leaving the program to init. A child that runs on
            // keeps the JDK's process reaper thread blocked in waitpid, and a JVM exiting with a
            // thread in native code waits for it up to 300 ms: the caller (a shim) would exit that
            // much later.
            full.add("--fork");
        }
        full.addAll(command);
        ProcessBuilder builder = ChildEnvironment.builder(full, env.asMap());
        builder.redirectInput(new File(windows() ? "NUL" : "/dev/null"));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.start();
    }

    private static String setsid() {
        if (windows()) {
            return null;
        }
        for (String path : SETSID) {
            if (new File(path).canExecute()) {
                return path;
            }
        }
        return null;
    }

    private static boolean windows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
