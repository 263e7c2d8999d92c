package dev.tokentray.shim;

import dev.tokentray.Env;
import dev.tokentray.agent.AgentProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;

/**
 * The throw-away home a training run works in. The agent it runs binds its socket in there, and
 * the JDK refuses a Unix-socket path longer than {@code sun_path} less two bytes (the terminator,
 * and the leading zero of an abstract name): 102 bytes on macOS, 106 on Linux and Windows. macOS's
 * temp folder alone is 48 ({@code /var/folders/xx/<30 characters>/T}), so the folder gets a short
 * name, the home inside it one letter, and when the temp folder is still too deep, {@code /tmp}.
 */
final class TrainingDir {
    private static final String PREFIX = "tt";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int RANDOM_LENGTH = 6;
    /** The fallback root where the OS has one: short on every Unix, and sticky, so a name once made stays ours. */
    private static final Path SHORT_ROOT = Path.of("/tmp");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TrainingDir() {
    }

    /** The environment of the training shims and agent: everything they touch stays in {@code work}. */
    static Env env(Path work) {
        // USERPROFILE too: on Windows the home (and so ~/.aws) comes from it, not from HOME. No
        // headless agent: the shim answered from the cache would start one in a folder about to go.
        return new Env(Map.of("TOKENTRAY_HOME", work.resolve("t").toString(), "HOME", work.toString(),
                "USERPROFILE", work.toString(), "TOKENTRAY_KEYRING", "file", "TOKENTRAY_AGENT", "off"));
    }

    /** The longest socket path the JDK binds on {@code os} (a value of the os.name property). */
    static int socketPathLimit(String os) {
        return isMac(os) ? 104 - 2 : 108 - 2;
    }

    /** The socket a training run under {@code root} binds; every name {@link #create} makes is this long. */
    static Path longestSocket(Path root) {
        return AgentProtocol.socket(env(root.resolve(PREFIX + "z".repeat(RANDOM_LENGTH))));
    }

    /** Where to make the training folder: the temp folder {@code tmp} if its socket fits, else /tmp. */
    static Path root(Path tmp, String os) throws IOException {
        int limit = socketPathLimit(os);
        if (bytes(longestSocket(tmp)) <= limit) {
            return tmp;
        }
        if (!os.toLowerCase(Locale.ROOT).contains("win") && bytes(longestSocket(SHORT_ROOT)) <= limit) {
            return SHORT_ROOT;
        }
        throw new IOException("the temp folder " + tmp + " is too deep for the training run's socket (at most "
                + limit + " bytes); point TMPDIR (TEMP on Windows) at a shorter folder");
    }

    /** Makes a fresh folder in {@code root} that only this user may enter. */
    static Path create(Path root) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder(PREFIX);
            for (int i = 0; i < RANDOM_LENGTH; i++) {
                name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            try {
                // Made with its mode (and the umask only narrowing it), never opened up afterwards,
                // and failing on anything already there, a link among them.
                return Files.createDirectory(root.resolve(name.toString()), ownerOnly);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** A path's length as the JDK hands it to the socket: its bytes in UTF-8. */
    static int bytes(Path path) {
        return path.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean isMac(String os) {
        String name = os.toLowerCase(Locale.ROOT);
        return name.contains("mac") || name.contains("darwin");
    }
}
