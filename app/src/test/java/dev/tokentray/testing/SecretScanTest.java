package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk scan of the no-secret tests walks shared directories such as /tmp, where other
 * processes create and delete files all the time: a file or directory that vanishes mid-scan is
 * skipped, and the rest is still read. Nothing else is skipped: a file or directory the scan cannot
 * read, or a directory to scan that is not there, fails it.
 */
class SecretScanTest {
    @TempDir
    Path tmp;

    /** The scan from the command line, so that a test can run it as another user: DIR SECRET. */
    public static final class AsAnotherUser {
        public static void main(String[] args) throws IOException {
            System.out.println(SecretScan.scan(Path.of(args[0]), Instant.MIN, List.of(args[1])).found());
        }
    }

    @Test
    void aDirectoryThatIsNotThereFailsTheScan() {
        Path missing = tmp.resolve("missing");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> SecretScan.scan(missing, Instant.MIN, List.of("SECRETSECRET")));
        assertEquals(missing.toString(), e.getFile());
    }

    /**
     * We run as root, who reads everything: the scan runs as nobody, over a file and a directory
     * only root may read, next to a readable file that holds the secret.
     */
    @Test
    void aFileOrDirectoryTheScanCannotReadFailsItInsteadOfBeingSkipped() throws Exception {
        try (OtherUser nobody = new OtherUser()) {
            Path dir = Files.createDirectory(nobody.shared().resolve("scanned"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(dir.resolve("readable.txt"), "SECRETSECRET");
            Files.setPosixFilePermissions(dir.resolve("readable.txt"), PosixFilePermissions.fromString("rw-r--r--"));
            Run control = asNobody(dir);
            assertEquals(new Run(0, "[SECRE… in " + dir.resolve("readable.txt") + "]\n", ""), control,
                    "the control: as nobody the scan reads the readable file and finds the secret");

            Path file = dir.resolve("root-only.txt");
            Files.writeString(file, "nothing");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Run unreadableFile = asNobody(dir);
            assertEquals(1, unreadableFile.exit(), unreadableFile.toString());
            assertTrue(unreadableFile.err().contains("java.nio.file.AccessDeniedException: " + file), unreadableFile.toString());
            Files.delete(file);

            Path closed = Files.createDirectory(dir.resolve("root-only"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Run unreadableDirectory = asNobody(dir);
            assertEquals(1, unreadableDirectory.exit(), unreadableDirectory.toString());
            assertTrue(unreadableDirectory.err().contains("java.nio.file.AccessDeniedException: " + closed),
                    unreadableDirectory.toString());
        }
    }

    /** Runs {@link AsAnotherUser} as nobody, on nothing but the test classes (nobody may not read root's Maven cache). */
    private static Run asNobody(Path dir) throws Exception {
        String classes = Path.of(SecretScan.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return TestHome.process(List.of("setpriv", "--reuid=" + OtherUser.UID, "--regid=65534", "--clear-groups",
                Project.java().toString(), "-XX:-UsePerfData", "-cp", classes, AsAnotherUser.class.getName(), dir.toString(), "SECRETSECRET"),
                "", Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8"));
    }

    @Test
    void filesAndDirectoriesThatVanishWhileScannedAreSkippedAndTheRestIsRead() throws Exception {
        Path planted = Files.createDirectories(tmp.resolve("zz-kept")).resolve("found.txt");
        Files.writeString(planted, "prefix SECRETSECRET suffix");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong churned = new AtomicLong();
        // Another process's temp files: made and deleted as fast as the disk allows, some in
        // directories of their own that go with them.
        Thread churn = new Thread(() -> {
            try {
                for (long i = 0; !stop.get(); i++) {
                    Path dir = Files.createDirectories(tmp.resolve("churn-" + (i % 8)));
                    Path file = dir.resolve("f" + i);
                    Files.writeString(file, "nothing to see");
                    Files.delete(file);
                    if (i % 3 == 0) {
                        Files.delete(dir);
                    }
                    churned.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        churn.start();
        try {
            for (int scan = 0; scan < 300 || churned.get() < 2000; scan++) {
                SecretScan.Result result = SecretScan.scan(tmp, Instant.MIN, List.of("SECRETSECRET"));
                assertEquals(List.of("SECRE… in " + planted), result.found(), "scan " + scan);
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertTrue(churned.get() >= 2000, "the churn ran alongside: " + churned.get() + " files");
    }
}
