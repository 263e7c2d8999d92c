package dev.tokentray.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content: the
 * bytes go to a temp file in the same directory (same file system, so the rename is atomic), are
 * fsynced, renamed over the target, and the directory is fsynced so the rename itself survives.
 */
public final class AtomicFile {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    /** In a holder so that reading a file (the shim's hot path) never initialises SecureRandom. */
    private static final class TempNames {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private AtomicFile() {
    }

    /** Writes {@code content} to {@code target} with the given POSIX permissions (ignored where unsupported). */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = createTemp(dir, target.getFileName().toString(), permissions);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            temp = null;
            fsyncDirectory(dir);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The permissions a file has now, so a rewrite can keep them; owner-only when unknown. */
    public static Set<PosixFilePermission> permissionsOf(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            return view == null ? OWNER_ONLY : view.readAttributes().permissions();
        } catch (IOException e) {
            return OWNER_ONLY;
        }
    }

    /** Creates {@code dir} (and parents) readable by the owner only. */
    public static Path ensurePrivateDirectory(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        // Every directory we create on the way is private, not only the last one: TOKENTRAY_HOME
        // itself is often among them.
        Path existing = abs.getParent();
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Path current = existing;
        for (Path part : existing == null ? abs : existing.relativize(abs)) {
            current = current == null ? part : current.resolve(part);
            if (!Files.isDirectory(current)) {
                Files.createDirectory(current);
                setPermissions(current, OWNER_ONLY_DIR);
            }
        }
        return dir;
    }

    private static Path createTemp(Path dir, String name, Set<PosixFilePermission> permissions) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        // Created with restrictive permissions from the start, so no other user can open it
        // between creation and chmod.
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            byte[] suffix = new byte[6];
            TempNames.RANDOM.nextBytes(suffix);
            Path temp = dir.resolve("." + name + "." + HexFormat.of().formatHex(suffix) + ".tmp");
            try {
                Files.createFile(temp, attrs);
                if (posix && !permissions.equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(temp, permissions);
                }
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes {@code dir}, existing or not, readable by the owner only (where permissions exist). */
    public static Path makePrivateDirectory(Path dir) throws IOException {
        ensurePrivateDirectory(dir);
        setPermissions(dir, OWNER_ONLY_DIR);
        return dir;
    }

    /** Sets POSIX permissions where the file system has them; elsewhere the user's profile folder protects. */
    public static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void fsyncDirectory(Path dir) {
        // Linux and macOS allow opening a directory to fsync it; Windows does not, and there
        // the rename is already durable through NTFS's journal.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the data itself is already on disk
        }
    }

    /**
     * Deletes temp files that {@link #write} left beside {@code target} when its process was killed
     * mid-write. Call it only while holding the lock that serialises writers of {@code target}.
     */
    public static void deleteStaleTemps(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Reads a file, or returns null when it does not exist. */
    public static byte[] readIfExists(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
