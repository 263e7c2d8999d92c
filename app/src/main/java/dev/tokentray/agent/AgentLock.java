package dev.tokentray.agent;

import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The running agent's claim on its directory: {@code agent.lock}, locked for the agent's
 * lifetime. The kernel lets go when the process dies however it dies, so a client waiting on the
 * agent can tell a busy agent from a dead one, and a second tray can tell that one already runs.
 */
public final class AgentLock implements AutoCloseable {
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Who holds an agent directory's lock. */
    public enum Holder {
        /** No agent runs. */
        NONE,
        /** An agent runs in another process. */
        ANOTHER_PROCESS,
        /** This process is the agent (the tray, which keeps its own agent's memory in step). */
        THIS_PROCESS
    }

    /**
     * Makes {@code dir} private (the agent's safety rests on it) and locks it. A directory (or the
     * one holding it, TOKENTRAY_HOME) that another user made is not taken over, but refused.
     *
     * @throws TokentrayException when another agent (another tray) holds it
     * @throws dev.tokentray.fs.UntrustedPathException when it, its parent or the lock file are
     *     not this user's own
     */
    public static AgentLock acquire(Path dir) throws IOException {
        AgentLock lock = tryAcquire(dir);
        if (lock == null) {
            throw alreadyRunning(dir);
        }
        return lock;
    }

    /** As {@link #acquire}, but null when another agent holds it. */
    public static AgentLock tryAcquire(Path dir) throws IOException {
        TrustedPaths.ensureDirectory(dir.toAbsolutePath().getParent(), dir);
        Path file = AgentProtocol.lock(dir);
        // Another user's lock file (planted while the directory was open) could be held by them,
        // so that no tray ever starts and every shim waits on a "busy" agent.
        TrustedPaths.file(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        AtomicFile.setPermissions(file, AtomicFile.OWNER_ONLY);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        try {
            // Who holds it, for a person (and the tray's refusal) to name.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            // only the pid is missing; the lock is held
        }
        return new AgentLock(dir, channel, lock);
    }

    /**
     * The lock for the tray, which takes the place of the headless agent: while another agent
     * holds it, that agent is asked to step aside and the lock tried again, for up to
     * {@code patience} (an agent still starting holds the lock before it listens).
     *
     * @throws TokentrayException when the holder refuses (another tray runs) or is still there
     *     after {@code patience}
     */
    public static AgentLock takeOver(Path dir, Duration patience) throws IOException, InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        while (true) {
            AgentLock lock = tryAcquire(dir);
            if (lock != null) {
                return lock;
            }
            if (AgentClient.yieldRefused(dir)) {
                throw alreadyRunning(dir);
            }
            if (System.nanoTime() > end) {
                String pid = holderPid(dir);
                throw new TokentrayException("tokentray's agent" + (pid == null ? "" : " (pid " + pid + ")") + " holds "
                        + AgentProtocol.lock(dir) + " and did not step aside within " + patience.toSeconds() + " s; end it"
                        + (pid == null ? "" : " (kill " + pid + ")") + " and try again");
            }
            Thread.sleep(100);
        }
    }

    /** The pid the holder wrote into the lock file, or null. */
    private static String holderPid(Path dir) {
        try {
            String text = new String(Files.readAllBytes(AgentProtocol.lock(dir)), StandardCharsets.US_ASCII).strip();
            return text.matches("[0-9]{1,10}") ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static TrayRunning alreadyRunning(Path dir) {
        return new TrayRunning(dir);
    }

    /** The agent directory is held by a tray, which does not step aside for another. */
    public static final class TrayRunning extends TokentrayException {
        TrayRunning(Path dir) {
            super("tokentray's tray is already running (it holds " + AgentProtocol.lock(dir)
                    + "); use its icon, or quit it first");
        }
    }

    /**
     * Who holds the lock of {@code dir}: a cheap look (the lock is tried and let go at once) for
     * callers that only need to know whether an agent runs. An agent starting during the look
     * finds the lock held for that moment and tries again ({@link HeadlessAgent}).
     */
    public static Holder holder(Path dir) {
        Path file = AgentProtocol.lock(dir);
        if (!TrustedPaths.file(file)) {
            return Holder.NONE; // no agent ever ran here
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return Holder.ANOTHER_PROCESS;
            }
            lock.release();
            return Holder.NONE;
        } catch (OverlappingFileLockException e) {
            return Holder.THIS_PROCESS;
        } catch (NoSuchFileException e) {
            return Holder.NONE;
        } catch (IOException e) {
            return Holder.ANOTHER_PROCESS; // a lock we cannot try: count it as held, and start nothing
        }
    }

    public Path dir() {
        return dir;
    }

    /** Lets go; closing twice is harmless. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            lock.release();
            channel.close();
        }
    }
}
