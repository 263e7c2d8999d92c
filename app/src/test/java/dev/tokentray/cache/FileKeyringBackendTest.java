package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyringBackendTest {
    @TempDir
    Path tmp;

    @Test
    void keepsSecretsInOwnerOnlyFiles() throws IOException {
        FileKeyringBackend files = new FileKeyringBackend(tmp.resolve("home/cache"));
        files.store("mfa:arn:aws:iam::1:mfa/alice", "s3cr3t".toCharArray());
        assertArrayEquals("s3cr3t".toCharArray(), files.load("mfa:arn:aws:iam::1:mfa/alice"));
        Path file = files.fileFor("mfa:arn:aws:iam::1:mfa/alice");
        assertEquals("mfa%3Aarn%3Aaws%3Aiam%3A%3A1%3Amfa%2Falice.json", file.getFileName().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("home"))));
        files.delete("mfa:arn:aws:iam::1:mfa/alice");
        assertNull(files.load("mfa:arn:aws:iam::1:mfa/alice"));
        files.delete("never-there");
    }

    @Test
    void keysThatDifferMapToDifferentFiles() {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        assertNotEquals(files.fileFor("profile:a/b"), files.fileFor("profile:a_b"));
        assertNotEquals(files.fileFor("profile:..x"), files.fileFor("profile:%2E%2Ex"));
        assertEquals(tmp, files.fileFor("../../etc/passwd").getParent(), "no way out of the directory");
    }

    @Test
    void sessionCacheRoundTripsAndIgnoresDamagedEntries() throws IOException {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        SessionCache cache = new SessionCache(files);
        Session session = new Session("ASIA1234567890123456", "secret/+=", "token", Instant.parse("2030-01-01T00:00:00Z"));
        cache.put("profile:dev", session);
        assertEquals(session, cache.get("profile:dev"));
        Files.writeString(files.fileFor("profile:dev"), "{not json");
        assertNull(cache.get("profile:dev"));
    }
}
