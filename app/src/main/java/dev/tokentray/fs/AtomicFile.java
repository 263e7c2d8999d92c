package dev.tokentray.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
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
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content: the
 * bytes go to a temp file in the same directory (same file system, so the rename is atomic), are
 * fsynced, renamed over the target, and the directory is fsynced so the rename itself survives.
 * A target that is a symbolic link (dotfile managers link ~/.aws/config into a repository) is
 * replaced where the link points, so the link stays a link.
 */
public final class AtomicFile {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    /** In a holder, as is {@link TempNames}: reading a file (the shim's hot path) needs neither. */
    static final class Posix {
        /** Whether this platform's default file system has POSIX permissions (not Windows). */
        static final boolean SUPPORTED = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** In a holder so that reading a file (the shim's hot path) never initialises SecureRandom. */
    private static final class TempNames {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to the file {@code target} names (through symbolic links) with the
     * given POSIX permissions (ignored where unsupported). Missing directories on the way are
     * made owner-only. A full disk throws {@link NoSpaceLeftException}.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path file = followLinks(target);
        Path dir = file.getParent();
        ensurePrivateDirectory(dir);
        Path temp = null;
        try {
            try {
                temp = createTemp(dir, file.getFileName().toString());
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                // Only now: permissions without the owner's write bit (a 0400 file kept as it
                // was) would have kept the owner from writing the temp file.
                if (!permissions.equals(OWNER_ONLY)) {
                    setPermissions(temp, permissions);
                }
            } catch (IOException e) {
                throw noSpaceLeft(dir, content.length, e) ? new NoSpaceLeftException(file, e) : e;
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically on this file system", e);
            }
            temp = null;
            fsyncDirectory(dir);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Writes {@code target} itself: a symbolic link found there is replaced by the file, not
     * followed. For files tokentray names on its own (a backup), which nothing should redirect.
     */
    public static void writeReplacingLink(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        if (Files.isSymbolicLink(target)) {
            Files.delete(target);
        }
        write(target, content, permissions);
    }

    /**
     * The file {@code path} names: the end of its chain of symbolic links, which need not exist
     * yet. Relative links resolve against the directory of the link, as the OS resolves them; the
     * path is not normalised, since ".." after a linked directory is the OS's to resolve.
     */
    static Path followLinks(Path path) throws IOException {
        Path current = path.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops == 40) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            current = current.resolveSibling(Files.readSymbolicLink(current));
        }
        return current;
    }

    /**
     * Whether a failed write was the disk being full. The JDK reports ENOSPC as a bare IOException
     * with the C library's text in the user's language, so the file system's free space decides.
     */
    private static boolean noSpaceLeft(Path dir, long needed, IOException e) {
        if (FileErrors.isNoSpaceLeft(e)) {
            return true;
        }
        if (e.getClass() != IOException.class && e.getClass() != FileSystemException.class) {
            return false; // a kind of its own: access denied, no such file…
        }
        try {
            return Files.getFileStore(dir).getUsableSpace() < needed + 4096;
        } catch (IOException unknown) {
            return false;
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

    /** {@code permissions} without the group's and others' bits. */
    public static Set<PosixFilePermission> ownerOnly(Set<PosixFilePermission> permissions) {
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : permissions) {
            if (p == PosixFilePermission.OWNER_READ || p == PosixFilePermission.OWNER_WRITE
                    || p == PosixFilePermission.OWNER_EXECUTE) {
                owner.add(p);
            }
        }
        return owner;
    }

    /**
     * Creates {@code dir} (and parents) readable by the owner only. Each directory is created with
     * its mode in the mkdir call itself: created first and restricted after, it would be open to
     * other users (under a lax umask) for as long as that takes, and a watcher that got in keeps
     * its way in. Directories found already there are left as they are.
     */
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
                createPrivateDirectory(current);
            }
        }
        return dir;
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        boolean posix = Posix.SUPPORTED;
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return; // made by another process meanwhile
            }
            throw e;
        }
        // A umask that takes the owner's own bits (0200…) leaves less than 0700: adding them back
        // afterwards opens nothing to anyone else.
        if (posix && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY_DIR)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
    }

    /** A new, empty temp file in {@code dir}, owner-only from its creation so no one else can open it. */
    private static Path createTemp(Path dir, String name) throws IOException {
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            byte[] suffix = new byte[6];
            TempNames.RANDOM.nextBytes(suffix);
            Path temp = dir.resolve("." + name + "." + HexFormat.of().formatHex(suffix) + ".tmp");
            try {
                return Files.createFile(temp, attrs);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
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
        Path file = followLinks(target);
        Path dir = file.getParent();
        String prefix = "." + file.getFileName() + ".";
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
