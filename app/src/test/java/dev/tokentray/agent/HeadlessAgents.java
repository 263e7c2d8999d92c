package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The agents running for one test's TOKENTRAY_HOME, as the kernel sees them: who holds
 * {@code agent/agent.lock} (/proc/locks), and which processes run {@code tokentray agent} with
 * that home in their environment. Closing it kills (SIGKILL) every agent it saw, so no test leaves
 * one behind on the shared machine.
 */
final class HeadlessAgents implements AutoCloseable {
    private final Path tokentrayHome;
    private final Path agentDir;
    private final Set<Long> seen = new LinkedHashSet<>();

    HeadlessAgents(Path tokentrayHome) {
        this.tokentrayHome = tokentrayHome;
        this.agentDir = tokentrayHome.resolve("agent");
    }

    Path agentDir() {
        return agentDir;
    }

    /**
     * The process holding agent.lock, or -1 when none does: the lock's inode looked up in
     * /proc/locks, where the kernel lists each lock with the pid that holds it.
     */
    long lockHolder() {
        Path lock = agentDir.resolve("agent.lock");
        long inode;
        try {
            inode = ((Number) Files.getAttribute(lock, "unix:ino")).longValue();
        } catch (IOException e) {
            return -1; // no lock file: no agent ever ran here
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                // "1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 0 EOF"; a waiter's line has "->" after the id.
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || f[1].equals("->")) {
                    continue;
                }
                String[] device = f[5].split(":");
                if (Long.parseLong(device[device.length - 1]) == inode) {
                    long pid = Long.parseLong(f[4]);
                    seen.add(pid);
                    return pid;
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/locks", e);
        }
        return -1;
    }

    /** Waits until some process holds agent.lock; its pid. */
    long awaitLockHolder(Duration patience, String why) throws InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        long pid;
        while ((pid = lockHolder()) < 0) {
            assertTrue(System.nanoTime() < end, why + ": nothing holds " + agentDir.resolve("agent.lock") + " after "
                    + patience.toSeconds() + " s");
            Thread.sleep(50);
        }
        return pid;
    }

    /**
     * Waits until the agent holding the lock listens on its pipes, so the next shim asks it: it
     * holds its request pipe open and its pool of reply pipes is full. (A dead agent's socket and
     * pipes stay behind until the next agent clears them, so their being there says nothing.)
     */
    long awaitListening(Duration patience, String why) throws InterruptedException, IOException {
        long end = System.nanoTime() + patience.toNanos();
        long pid = awaitLockHolder(patience, why);
        Path free = AgentProtocol.freeReplies(agentDir);
        while (!(holdsOpen(pid, AgentProtocol.requests(agentDir)) && Files.isDirectory(free)
                && FifoListener.count(free) >= FifoListener.POOL)) {
            assertTrue(System.nanoTime() < end, why + ": the agent (pid " + pid + ") holds its lock but does not listen");
            Thread.sleep(50);
        }
        return pid;
    }

    /** Whether process {@code pid} has {@code file} open (one of its /proc/PID/fd links names it). */
    private static boolean holdsOpen(long pid, Path file) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        return true;
                    }
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        } catch (IOException gone) {
            return false;
        }
        return false;
    }

    /**
     * Every live process started as {@code tokentray agent} for this home (its command line ends
     * in "agent" and its environment names this TOKENTRAY_HOME), whether or not it got the lock.
     */
    List<Long> agentProcesses() {
        List<Long> found = new ArrayList<>();
        String home = "TOKENTRAY_HOME=" + tokentrayHome;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    List<String> args = List.of(new String(Files.readAllBytes(proc.resolve("cmdline")),
                            StandardCharsets.UTF_8).split("\0"));
                    if (args.isEmpty() || !args.get(args.size() - 1).equals("agent")) {
                        continue;
                    }
                    List<String> env = List.of(new String(Files.readAllBytes(proc.resolve("environ")),
                            StandardCharsets.UTF_8).split("\0"));
                    if (env.contains(home)) {
                        long pid = Long.parseLong(proc.getFileName().toString());
                        seen.add(pid);
                        found.add(pid);
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    /** The process's command line, words joined by spaces. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
        } catch (IOException e) {
            return "(gone)";
        }
    }

    /** The process's environment, one NAME=value per entry. */
    static List<String> environment(long pid) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until {@code pid} has exited; false if it still runs after {@code patience}. */
    static boolean awaitExit(long pid, Duration patience) throws InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (alive(pid)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** SIGKILL, as a crash would end it. */
    static void kill(long pid) throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        awaitExit(pid, Duration.ofSeconds(10));
    }

    @Override
    public void close() throws InterruptedException {
        lockHolder();
        agentProcesses();
        for (long pid : seen) {
            // Only what still runs as an agent of this home: a pid seen earlier may have been reused.
            if (alive(pid) && (commandLine(pid).endsWith(" agent") || commandLine(pid).endsWith(" tray"))
                    && environment(pid).contains("TOKENTRAY_HOME=" + tokentrayHome)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (long pid : seen) {
            awaitExit(pid, Duration.ofSeconds(10));
        }
    }
}
