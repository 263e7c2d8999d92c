package dev.tokentray.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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
            channel = AtomicFile.Posix.SUPPORTED
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

    /** An edit of a file, run while its lock is held. */
    @FunctionalInterface
    public interface Edit<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code edit} of {@code file} (a read, a change and an {@link AtomicFile#write}) while
     * holding the lock that every tokentray process takes to edit that file, so that two edits
     * never start from the same bytes and the second undo the first (the shim renewing one
     * profile's written session while the tray renews another's). The lock file is kept in
     * {@code lockDir}, not beside the file, which is the user's and may be in a dotfiles
     * repository. Temp files that a writer killed mid-write left beside the file (copies of it)
     * are deleted first: only lock holders write, so none of them is in use.
     */
    public static <T> T whileEditing(Path lockDir, Path file, Edit<T> edit) throws IOException {
        Path target = AtomicFile.followLinks(file);
        // One lock per file, however it is reached (through a link or not).
        Path real = Files.exists(target) ? target.toRealPath() : target;
        String name = real.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        try (FileLock lock = acquire(lockDir.resolve("edit-" + Integer.toHexString(real.toString().hashCode()) + "-"
                + name + ".lock"))) {
            AtomicFile.deleteStaleTemps(target);
            return edit.run();
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
