package dev.tokentray.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * tokentray's processes that run one command (the tray, the agent) in one TOKENTRAY_HOME, found in
 * /proc by their command line and environment. A process tokentray starts in the background is
 * detached (a session of its own, outliving its starter), so no test holds it as a child: this is
 * how a test sees it, counts it and stops it.
 */
public final class HomeProcesses {
    private HomeProcesses() {
    }

    /**
     * The processes running {@code tokentray COMMAND} (bin/tokentray's shell or the JVM that
     * replaces it: one pid throughout, once setsid has forked it) with {@code tokentrayHome} as TOKENTRAY_HOME;
     * the shell's own subshells are not counted.
     */
    public static List<ProcessHandle> running(Path tokentrayHome, String command) {
        List<ProcessHandle> found = new ArrayList<>();
        byte[] home = ("TOKENTRAY_HOME=" + tokentrayHome).getBytes(StandardCharsets.UTF_8);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    List<String> args = Arrays.asList(new String(Files.readAllBytes(proc.resolve("cmdline")),
                            StandardCharsets.UTF_8).split("\0"));
                    // setsid --fork's parent lives a moment beside the child it forked: only the child counts.
                    if (args.isEmpty() || args.get(0).endsWith("setsid") || !args.get(args.size() - 1).equals(command)
                            || args.stream().noneMatch(a -> a.endsWith("bin/tokentray") || a.endsWith("tokentray.jar"))
                            || !hasVariable(Files.readAllBytes(proc.resolve("environ")), home)) {
                        continue;
                    }
                    ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(found::add);
                } catch (IOException | SecurityException gone) {
                    // exited meanwhile, or another user's process
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        // A subshell of bin/tokentray (its $(...)) has the same command line and environment: it is
        // part of its parent, not another start.
        Set<Long> pids = new TreeSet<>();
        found.forEach(p -> pids.add(p.pid()));
        found.removeIf(p -> p.parent().map(parent -> pids.contains(parent.pid())).orElse(false));
        return found;
    }

    private static boolean hasVariable(byte[] environ, byte[] variable) {
        int start = 0;
        for (int i = 0; i <= environ.length; i++) {
            if (i == environ.length || environ[i] == 0) {
                if (i - start == variable.length && Arrays.equals(environ, start, i, variable, 0, variable.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /**
     * Stops every such process (SIGTERM, then SIGKILL after 10 s) and waits until it is gone;
     * returns how many there were.
     */
    public static int stop(Path tokentrayHome, String command) {
        List<ProcessHandle> left = running(tokentrayHome, command);
        for (ProcessHandle p : left) {
            p.destroy();
        }
        for (ProcessHandle p : left) {
            CompletableFuture<ProcessHandle> exit = p.onExit();
            try {
                exit.get(10, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                p.destroyForcibly();
                try {
                    exit.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("pid " + p.pid() + " (tokentray " + command + ") survived SIGKILL", e);
                }
            }
        }
        return left.size();
    }

    /**
     * Every such process seen while it is open, looked for every 50 ms on a thread of its own: a
     * process that lives half a second (a second tray that finds the first) is seen too.
     */
    public static Watch<Long> watch(Path tokentrayHome, String command) {
        return new Watch<>("tokentray " + command, Duration.ofMillis(50),
                () -> running(tokentrayHome, command).stream().map(ProcessHandle::pid).toList());
    }
}
