package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
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

    /**
     * macOS (APFS) and Windows (NTFS) compare file names without case by default, so two keys
     * whose names are equal once folded would share one file: one profile's session served for
     * the other. Names are ASCII, so folding ASCII letters is all those systems can do to them.
     */
    @Test
    void namesStayDistinctWhenTheFileSystemFoldsCase() {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        Map<String, String> lower = new HashMap<>();
        Map<String, String> upper = new HashMap<>();
        for (String key : CacheKeySamples.keys()) {
            String name = files.fileFor(key).getFileName().toString();
            assertTrue(name.chars().allMatch(c -> c > ' ' && c < 0x7F), name);
            String before = lower.put(name.toLowerCase(Locale.ROOT), key);
            assertNull(before, "'" + key + "' and '" + before + "' share the file " + name + " where case is folded");
            before = upper.put(name.toUpperCase(Locale.ROOT), key);
            assertNull(before, "'" + key + "' and '" + before + "' share the file " + name + " where case is folded");
            // The proof for every key, not only these: the folded name still reads back as the key.
            assertEquals(key, decode(name.toLowerCase(Locale.ROOT)), name);
            assertEquals(key, decode(name.toUpperCase(Locale.ROOT)), name);
        }
    }

    /**
     * A key named anew (one with an upper-case letter) gets a name that no file of an earlier
     * version had, for any key, even with case folded: it reads nothing that was written before.
     */
    @Test
    void newNamesAreNoFileEarlierVersionsWrote() {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        List<String> keys = CacheKeySamples.keys();
        Map<String, String> before = new HashMap<>();
        for (String key : keys) {
            before.put(earlierName(key).toLowerCase(Locale.ROOT), key);
        }
        for (String key : keys) {
            String name = files.fileFor(key).getFileName().toString();
            if (!name.equals(earlierName(key))) {
                String earlier = before.get(name.toLowerCase(Locale.ROOT));
                assertNull(earlier, key + " would read the file an earlier version wrote for " + earlier);
            }
        }
    }

    /** The name earlier versions gave a key's file: [A-Za-z0-9_-] and a '.' not first kept, every other byte as %XX. */
    private static String earlierName(String key) {
        StringBuilder name = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_' || (c == '.' && name.length() > 0)) {
                name.append(c);
            } else {
                name.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return name + ".json";
    }

    /**
     * Reads a folded file name back: '%' always starts an escape (a '%' in a key is escaped too),
     * whose two hex digits read the same in either case, and every other letter in the name is
     * a lower-case one of the key.
     */
    private static String decode(String foldedName) {
        String name = foldedName.substring(0, foldedName.length() - ".json".length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.write(Character.toLowerCase(c));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Keys without an upper-case letter keep the names earlier versions gave them: their sessions are still read. */
    @Test
    void keysWithoutUpperCaseKeepTheirFileNames() {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        List<String> golden = List.of(
                "profile:dev -> profile%3Adev.json",
                "profile:prod-eu_1.admin -> profile%3Aprod-eu_1.admin.json",
                "profile:.hidden -> profile%3A.hidden.json",
                ".x -> %2Ex.json",
                "profile:a%2eb -> profile%3Aa%252eb.json",
                "profile:dév -> profile%3Ad%C3%A9v.json",
                "profile:my admin -> profile%3Amy%20admin.json",
                "mfa:arn:aws:iam::123456789012:mfa/alice -> mfa%3Aarn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice.json",
                "oath-password:12345678 -> oath-password%3A12345678.json");
        for (String line : golden) {
            String[] keyAndName = line.split(" -> ");
            assertEquals(keyAndName[1], files.fileFor(keyAndName[0]).getFileName().toString(), keyAndName[0]);
        }
    }

    /**
     * A key with an upper-case letter is named anew. Its file from the old naming is never read
     * again: on a file system that folds case it is also the lower-case twin's file, so it may
     * hold the other profile's session. Writing or deleting the key removes it, when the
     * directory lists it under exactly that spelling (and not as the twin's own file).
     */
    @Test
    void theOldFileOfAnUpperCaseKeyIsNotReadAndGoesOnTheNextWriteOrDelete() throws IOException {
        FileKeyringBackend files = new FileKeyringBackend(tmp.resolve("cache"));
        Session dev = new Session("ASIADEVLOWER00000001", "s1", "t1", Instant.parse("2030-01-01T00:00:00Z"));
        Session upper = new Session("ASIADEVUPPER00000002", "s2", "t2", Instant.parse("2030-01-01T00:00:00Z"));
        SessionCache cache = new SessionCache(files);
        cache.put("profile:dev", dev);
        cache.put("profile:Dev", upper);
        assertEquals("profile%3A%44ev.json", files.fileFor("profile:Dev").getFileName().toString());
        Path old = tmp.resolve("cache/profile%3ADev.json");
        Files.writeString(old, Files.readString(files.fileFor("profile:Dev")));

        cache.remove("profile:Dev");
        assertNull(cache.get("profile:Dev"), "the old file is not read");
        assertEquals(List.of("profile%3Adev.json"), names(tmp.resolve("cache")), "a delete removed it");
        assertEquals(dev, cache.get("profile:dev"));

        Files.writeString(old, "{}");
        cache.put("profile:Dev", upper);
        assertEquals(List.of("profile%3A%44ev.json", "profile%3Adev.json"), names(tmp.resolve("cache")),
                "a write removed it");
        assertEquals(upper, cache.get("profile:Dev"));
        assertEquals(dev, cache.get("profile:dev"));
    }

    /** `tokentray clear PROFILE` and `tokentray clear` remove what earlier versions wrote for a profile with upper-case letters. */
    @Test
    void clearRemovesTheOldFilesOfProfilesWithUpperCaseLetters() throws IOException {
        TestHome home = new TestHome(tmp).config("[profile Dev]\nregion = eu-west-1\n[profile dev]\nregion = eu-west-1\n"
                + "[profile Prod]\nregion = eu-west-1\n");
        Path cache = home.tokentrayHome().resolve("cache");
        FileKeyringBackend files = new FileKeyringBackend(cache);
        Session session = new Session("ASIACLEARCLEARCLEAR1", "s", "t", Instant.now().plusSeconds(3600));
        new SessionCache(files).put("profile:dev", session);
        for (String old : List.of("profile%3ADev.json", "profile%3AProd.json")) {
            Files.copy(files.fileFor("profile:dev"), cache.resolve(old));
        }

        Run one = home.cli("", "clear", "Dev");
        assertEquals(0, one.exit(), one.toString());
        assertEquals(List.of("profile%3AProd.json", "profile%3Adev.json"), names(cache));
        Run all = home.cli("", "clear");
        assertEquals(0, all.exit(), all.toString());
        assertEquals(List.of(), names(cache), all.toString());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
