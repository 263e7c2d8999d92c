package dev.tokentray.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A peer process a fixture started: its output goes to a log file under target/ (read it when a
 * test fails), and closing it stops the process and everything it spawned.
 */
public final class ManagedProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir) {
        try {
            Path logDir = Path.of(System.getProperty("tokentray.basedir", "."), "target", "peer-logs");
            Files.createDirectories(logDir);
            Path log = Files.createTempFile(logDir, name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(env);
            return new ManagedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        // Taken before anything is signalled: a shell that exits at once leaves its children to
        // init, where they are no longer its descendants but are still this test's to stop.
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : descendants) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    child.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException stillThere) {
                    child.destroyForcibly();
                    child.onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            throw new AssertionError(name + ": a child survived SIGKILL", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
