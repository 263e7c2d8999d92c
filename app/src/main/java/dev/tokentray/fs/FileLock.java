package dev.tokentray.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock shared by processes (an OS file lock on a separate lock file, since the
 * guarded file itself is replaced by rename) and by threads of this process (the OS lock is
 * per process, so threads queue on a {@link ReentrantLock} first).
 */
public final class FileLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final java.nio.channels.FileLock osLock;

    private FileLock(ReentrantLock threadLock, FileChannel channel, java.nio.channels.FileLock osLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.osLock = osLock;
    }

    /** Blocks until the lock at {@code lockFile} is held. */
    public static FileLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            AtomicFile.ensurePrivateDirectory(key.getParent());
            // Owner-only from creation: under a lax umask it would be writable by anyone.
            channel = AtomicFile.POSIX
                    ? FileChannel.open(key, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(AtomicFile.OWNER_ONLY))
                    : FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new FileLock(threadLock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            osLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
