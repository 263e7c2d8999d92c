package dev.tokentray.agent;

import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.TrustedPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * Makes {@code dir} private (the agent's safety rests on it) and locks it. A directory (or the
     * one holding it, TOKENTRAY_HOME) that another user made is not taken over, but refused.
     *
     * @throws TokentrayException when another agent (another tray) holds it
     * @throws dev.tokentray.fs.UntrustedPathException when it, its parent or the lock file are
     *     not this user's own
     */
    public static AgentLock acquire(Path dir) throws IOException {
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
            throw new TokentrayException("tokentray's tray is already running (it holds " + file
                    + "); use its icon, or quit it first");
        }
        return new AgentLock(dir, channel, lock);
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
