package dev.tokentray.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Checks a path before tokentray trusts what is in it: TOKENTRAY_HOME, its cache and agent
 * directories, a cache file, the agent's socket and pipes. Another local user who made one of
 * them first (or found it open to all) could plant a session there, or a fake agent that reads
 * requests and answers with their keys; so each must be this user's own and open to no one else.
 * What is this user's own but open to others is closed (chmod 0700 / 0600); anything else is
 * refused with an {@link UntrustedPathException} naming the path.
 *
 * <p>Each check is one lstat (the unix attribute view: owner and mode in one call) and nothing
 * else: it sits on the shim's path, which every AWS tool start pays for. Where the file system
 * has no POSIX owner and modes (Windows), there is nothing to read: the per-user profile folder's
 * ACL, where TOKENTRAY_HOME lives by default, is what keeps other users out there.
 */
public final class TrustedPaths {
    private static final int TYPE_MASK = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int FIFO = 0010000;
    private static final int SOCKET = 0140000;
    private static final int SYMLINK = 0120000;
    private static final int GROUP_AND_OTHERS = 077;
    private static final int STICKY = 01000;
    /** What a file system without POSIX owners and modes answers for a path that exists. */
    private static final Map<String, Object> NO_POSIX = Map.of("posix", false);

    private TrustedPaths() {
    }

    /**
     * TOKENTRAY_HOME itself, which may be a symbolic link the user made (to another disk): the
     * link must be theirs (or root's), and its target is checked.
     *
     * @return false when it does not exist
     */
    public static boolean home(Path dir) {
        Map<String, Object> attributes = attributes(dir, LinkOption.NOFOLLOW_LINKS);
        if (attributes != null && attributes != NO_POSIX && (mode(attributes) & TYPE_MASK) == SYMLINK) {
            // Whoever owns the link can point it elsewhere at any moment.
            int owner = uid(attributes);
            if (owner != OwnUid.VALUE && owner != 0) {
                throw new UntrustedPathException(dir, "is a symbolic link that belongs to another user (uid " + owner + ")");
            }
            attributes = attributes(dir);
        }
        return check(dir, attributes, DIRECTORY, "a directory");
    }

    /** A directory inside TOKENTRAY_HOME; false when it does not exist. */
    public static boolean directory(Path dir) {
        return check(dir, attributes(dir, LinkOption.NOFOLLOW_LINKS), DIRECTORY, "a directory");
    }

    /** A file tokentray wrote (a cached session, the settings); false when it does not exist. */
    public static boolean file(Path file) {
        return check(file, attributes(file, LinkOption.NOFOLLOW_LINKS), REGULAR, "a regular file");
    }

    /** One of the agent's named pipes; false when it does not exist, or is this user's own but no pipe. */
    public static boolean fifo(Path fifo) {
        return check(fifo, attributes(fifo, LinkOption.NOFOLLOW_LINKS), FIFO, "a named pipe");
    }

    /**
     * The agent's socket; false when it does not exist, or is this user's own but no socket. Who
     * listens on it is checked once connected.
     */
    public static boolean socket(Path socket) {
        return check(socket, attributes(socket, LinkOption.NOFOLLOW_LINKS), SOCKET, "a socket");
    }

    /** {@code dir}, made owner-only (with any missing parent) when missing, and checked after the making too. */
    public static Path ensureDirectory(Path dir) throws IOException {
        if (!directory(dir)) {
            AtomicFile.ensurePrivateDirectory(dir);
            // Checked again: another user may have slipped a directory of theirs in meanwhile.
            directory(dir);
        }
        return dir;
    }

    /**
     * {@code dir} inside {@code home}, as {@link #ensureDirectory(Path)}; {@code home} is checked
     * before (nothing is made inside another user's directory) and after (one made meanwhile).
     */
    public static Path ensureDirectory(Path home, Path dir) throws IOException {
        home(home);
        ensureDirectory(dir);
        home(home);
        return dir;
    }

    /** Owner and mode (one lstat, or stat with no options); null when missing; {@link #NO_POSIX} where there are none. */
    private static Map<String, Object> attributes(Path path, LinkOption... options) {
        try {
            return Files.readAttributes(path, "unix:mode,uid", options);
        } catch (UnsupportedOperationException e) {
            return Files.exists(path, options) ? NO_POSIX : null; // Windows
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UntrustedPathException(path, "cannot be checked (" + e.getClass().getSimpleName() + ")",
                    "check the permissions of the directories above it");
        }
    }

    private static int mode(Map<String, Object> attributes) {
        return (Integer) attributes.get("mode");
    }

    private static int uid(Map<String, Object> attributes) {
        return (Integer) attributes.get("uid");
    }

    private static boolean check(Path path, Map<String, Object> attributes, int type, String expected) {
        if (attributes == null) {
            return false;
        }
        if (attributes == NO_POSIX) {
            return true;
        }
        int mode = mode(attributes);
        int uid = uid(attributes);
        if (uid != OwnUid.VALUE) {
            throw new UntrustedPathException(path, "belongs to another user (uid " + uid + ")");
        }
        if ((mode & TYPE_MASK) != type) {
            if (type == FIFO || type == SOCKET) {
                // This user's own, only not a way to the agent (a client racing a dying agent can
                // leave a plain file where its pipe was): no agent there, and none to fear.
                return false;
            }
            throw new UntrustedPathException(path, (mode & TYPE_MASK) == SYMLINK ? "is a symbolic link, not " + expected
                    : "is not " + expected);
        }
        if ((mode & STICKY) != 0) {
            // A directory made for sharing, like /tmp: closing it would break what others keep there.
            throw new UntrustedPathException(path, "is a directory shared with other users (its sticky bit is set)",
                    "set TOKENTRAY_HOME to a directory of your own");
        }
        if ((mode & GROUP_AND_OTHERS) != 0) {
            // This user's own, only open to others: closing it is all it takes. What others may
            // have put inside meanwhile is theirs, and each such entry is refused when reached.
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(type == DIRECTORY ? "rwx------"
                        : "rw-------"));
            } catch (IOException e) {
                throw new UntrustedPathException(path, "is open to other users and cannot be closed ("
                        + e.getClass().getSimpleName() + ")", "run `chmod go= " + path + "`, or remove it");
            }
        }
        return true;
    }

    /** This process's user id (Unix), as the kernel reports it. */
    public static int ownUid() {
        return OwnUid.VALUE;
    }

    /**
     * This process's user id, read once. On Linux the owner of /proc/self (one stat, no user
     * database lookup); elsewhere the JDK's own getuid().
     */
    private static final class OwnUid {
        static final int VALUE = read();

        private static int read() {
            try {
                return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            } catch (IOException | UnsupportedOperationException e) {
                return (int) new com.sun.security.auth.module.UnixSystem().getUid();
            }
        }
    }
}
