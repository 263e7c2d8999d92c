package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agent's socket a training run binds must fit the JDK's Unix-socket path limit wherever the
 * temp folder is: the longest socket path training can make under each OS's temp-folder shape.
 */
class TrainingDirTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            // java.io.tmpdir on macOS: confstr(_CS_DARWIN_USER_TEMP_DIR), a 2- and a 30-character folder.
            "Mac OS X, /var/folders/3k/tlbbqnl93dj0rdm5l7zp0m8c0000gn/T/",
            "Linux, /tmp",
            // %TEMP% of a 20-character account name, the longest Windows allows.
            "Windows 11, C:\\Users\\abcdefghijklmnopqrst\\AppData\\Local\\Temp",
    })
    void theLongestTrainingSocketFitsUnderEveryOsTempFolder(String os, String tmp) throws Exception {
        Path socket = TrainingDir.longestSocket(TrainingDir.root(Path.of(tmp), os));
        int limit = TrainingDir.socketPathLimit(os);
        assertTrue(TrainingDir.bytes(socket) <= limit,
                os + ": " + socket + " is " + TrainingDir.bytes(socket) + " bytes, over the " + limit + " a socket path may have");
    }

    /** The limit is the JDK's own: on this Linux a socket path of 106 bytes binds and one of 107 does not. */
    @Test
    void theLimitIsWhatTheJdkBinds() throws Exception {
        int limit = TrainingDir.socketPathLimit("Linux");
        bind(padded(limit));
        IOException tooLong = assertThrows(IOException.class, () -> bind(padded(limit + 1)));
        assertTrue(String.valueOf(tooLong.getMessage()).contains("too long"), String.valueOf(tooLong.getMessage()));
    }

    /** A temp folder too deep for the socket gives way to /tmp, where the folder is the user's alone. */
    @Test
    void aTooDeepTempFolderGivesWayToTmp() throws Exception {
        Path deep = Files.createDirectories(padded(100).getParent());
        Path root = TrainingDir.root(deep, "Linux");
        assertEquals(Path.of("/tmp"), root);
        Path work = TrainingDir.create(root);
        try {
            assertEquals(Path.of("/tmp"), work.getParent());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work)));
            assertTrue(TrainingDir.bytes(TrainingDir.longestSocket(root)) <= TrainingDir.socketPathLimit("Linux"));
        } finally {
            Files.delete(work);
        }
    }

    /** Windows has no /tmp to fall back on: a too-deep %TEMP% is one line that names it and the way out. */
    @Test
    void aTooDeepWindowsTempIsNamed() {
        Path deep = Path.of("C:\\Users\\" + "u".repeat(80) + "\\AppData\\Local\\Temp");
        IOException e = assertThrows(IOException.class, () -> TrainingDir.root(deep, "Windows 11"));
        assertEquals("the temp folder " + deep + " is too deep for the training run's socket (at most 106 bytes);"
                + " point TMPDIR (TEMP on Windows) at a shorter folder", e.getMessage());
    }

    /** A path of exactly {@code bytes} bytes under the test's temp folder, its parents made. */
    private Path padded(int bytes) throws IOException {
        String base = tmp.toString() + "/";
        int rest = bytes - base.length();
        assertTrue(rest > 10, "the test's temp folder is too deep: " + tmp);
        Path dir = Files.createDirectories(Path.of(base + "d".repeat(rest - 7)));
        return dir.resolve("x.sock");
    }

    private static void bind(Path socket) throws IOException {
        try (ServerSocketChannel channel = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(UnixDomainSocketAddress.of(socket));
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    /** The training shims read no real user's ~/.aws: their home is the work folder on every OS. */
    @ParameterizedTest
    @CsvSource({"Linux", "Mac OS X", "Windows 11"})
    void theTrainingHomeIsTheWorkFolderOnEveryOs(String os, @TempDir Path work) {
        Env env = new Env(TrainingDir.env(work).asMap(), os);
        assertEquals(work.toAbsolutePath(), env.home().toAbsolutePath());
        assertEquals(work.resolve("t"), env.tokentrayHome());
    }
}
