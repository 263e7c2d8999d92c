package dev.tokentray.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {
    private static final KdfParams FAST = VaultWriterMain.TEST_KDF;
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path home;

    private Vault vault() {
        return new Vault(home.resolve("tokentray"), FAST);
    }

    private void add(Vault vault, String profile, String keyId, String secret) {
        vault.update(PASSWORD, c -> {
            c.put(new VaultEntry(profile, keyId, secret.toCharArray(), Instant.ofEpochSecond(1_700_000_000)));
            return null;
        });
    }

    @Test
    void storesAndReopensKeyPairsWithOwnerOnlyPermissions() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        add(vault, "prod", "AKIAPRODPRODPRODPROD", "prod/secret+value");

        try (VaultContents contents = vault.open(PASSWORD)) {
            assertEquals(List.of("dev", "prod"), List.copyOf(contents.profiles()));
            VaultEntry dev = contents.get("dev");
            assertEquals("AKIAIOSFODNN7EXAMPLE", dev.accessKeyId());
            assertArrayEquals("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".toCharArray(), dev.secretAccessKey());
            assertEquals(Instant.ofEpochSecond(1_700_000_000), dev.addedAt());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(vault.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(vault.file().getParent())));
        assertFalse(new String(Files.readAllBytes(vault.file()), StandardCharsets.ISO_8859_1).contains("wJalrXUtn"),
                "the secret is not on disk in plaintext");
    }

    @Test
    void listsProfilesWithoutThePassword() {
        Vault vault = vault();
        assertEquals(List.of(), vault.profiles());
        add(vault, "b", "AKIAIOSFODNN7EXAMPLE", "s1");
        add(vault, "a", "AKIAIOSFODNN7EXAMPLE", "s2");
        assertEquals(List.of("a", "b"), vault.profiles());
    }

    @Test
    void wrongPasswordSaysSoAndNothingElse() {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        VaultException e = assertThrows(WrongPasswordException.class, () -> vault.open("nope".toCharArray()));
        assertEquals("wrong password", e.getMessage());
    }

    @Test
    void everyFlippedByteFailsToOpen() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        byte[] good = Files.readAllBytes(vault.file());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            Files.write(vault.file(), bad);
            int at = i;
            assertThrows(VaultException.class, () -> vault.open(PASSWORD).close(), "byte " + at + " flipped");
        }
        for (int length : new int[] {0, 3, 20, good.length / 2, good.length - 1}) {
            Files.write(vault.file(), Arrays.copyOf(good, length));
            assertThrows(VaultException.class, () -> vault.open(PASSWORD).close(), "truncated to " + length);
        }
        Files.write(vault.file(), good);
        vault.open(PASSWORD).close();
    }

    @Test
    void aChangedBodyIsReportedAsDamageNotAsAWrongPassword() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        byte[] bytes = Files.readAllBytes(vault.file());
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(vault.file(), bytes);
        VaultException e = assertThrows(VaultException.class, () -> vault.open(PASSWORD));
        assertFalse(e instanceof WrongPasswordException);
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void everyWriteUsesAFreshSaltAndNonce() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        VaultCodec.Header first = VaultCodec.readHeader(Files.readAllBytes(vault.file()));
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        VaultCodec.Header second = VaultCodec.readHeader(Files.readAllBytes(vault.file()));
        assertFalse(Arrays.equals(first.salt(), second.salt()));
        assertFalse(Arrays.equals(first.nonce(), second.nonce()));
    }

    @Test
    void defaultCostIsAtLeast64MiBAndThreePasses() throws IOException {
        Vault vault = new Vault(home.resolve("real"));
        vault.update(PASSWORD, c -> {
            c.put(new VaultEntry("dev", "AKIAIOSFODNN7EXAMPLE", "s1".toCharArray(), Instant.EPOCH));
            return null;
        });
        KdfParams params = VaultCodec.readHeader(Files.readAllBytes(vault.file())).params();
        assertTrue(params.memoryKib() >= 64 * 1024, params.toString());
        assertTrue(params.iterations() >= 3, params.toString());
        long start = System.nanoTime();
        vault.open(PASSWORD).close();
        System.out.printf("vault open with %s: %d ms%n", params, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void passwdReencryptsUnderTheNewPassword() {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        vault.changePassword(PASSWORD, "new password".toCharArray());
        assertThrows(WrongPasswordException.class, () -> vault.open(PASSWORD));
        try (VaultContents c = vault.open("new password".toCharArray())) {
            assertArrayEquals("s1".toCharArray(), c.get("dev").secretAccessKey());
        }
    }

    /**
     * Anyone who can write the file can rewrite its header and recompute the header's digest, so
     * costs far beyond the defaults are refused before any key derivation runs: 1 GiB x 64 passes
     * used to run for minutes before "wrong password".
     */
    @Test
    void kdfCostsFarBeyondTheDefaultsAreRefusedAtOnceAsDamage() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        byte[] good = Files.readAllBytes(vault.file());
        KdfParams[] tampered = {
            new KdfParams(1024 * 1024, 64, 1),
            new KdfParams(1024 * 1024, 1, 1),
            new KdfParams(64 * 1024, 64, 1),
            new KdfParams(256 * 1024, 4, 1),
            new KdfParams(64 * 1024, 3, 64),
        };
        for (KdfParams params : tampered) {
            Files.write(vault.file(), withHeader(good, params, 1));
            long start = System.nanoTime();
            VaultException e = assertThrows(VaultException.class, () -> vault.open(PASSWORD).close(), params.toString());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertFalse(e instanceof WrongPasswordException, params + ": " + e.getMessage());
            assertEquals("the vault at " + vault.file() + " is damaged: its header asks for key-derivation costs ("
                    + params + ") far beyond what tokentray writes; restore it from a backup", e.getMessage());
            assertTrue(ms < 1000, params + " took " + ms + " ms to refuse");
        }
        Files.write(vault.file(), withHeader(good, KdfParams.DEFAULT, 1));
        assertThrows(WrongPasswordException.class, () -> vault.open(PASSWORD), "the default costs are read");
    }

    @Test
    void aBodyShorterThanItsTagIsDamageNamingTheFile() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        byte[] good = Files.readAllBytes(vault.file());
        int headerLength = VaultCodec.readHeader(good).length();
        for (int body = 0; body < 16; body++) {
            Files.write(vault.file(), Arrays.copyOf(good, headerLength + body));
            int at = body;
            VaultException e = assertThrows(VaultException.class, () -> vault.open(PASSWORD).close(), body + " body bytes");
            assertEquals("the vault at " + vault.file() + " is damaged: it is truncated; restore it from a backup",
                    e.getMessage(), at + " body bytes");
        }
    }

    /** A flipped bit in the version field is damage, not a newer format: the header's digest tells them apart. */
    @Test
    void aFlippedVersionBitReadsAsDamageNamingTheFile() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        byte[] good = Files.readAllBytes(vault.file());
        for (int bit = 0; bit < 16; bit++) {
            byte[] bad = good.clone();
            bad[4 + bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(vault.file(), bad);
            int at = bit;
            VaultException e = assertThrows(VaultException.class, () -> vault.open(PASSWORD).close());
            assertEquals("the vault at " + vault.file() + " is damaged: its header fails its checksum; restore it"
                    + " from a backup", e.getMessage(), "version bit " + at);
            assertEquals(e.getMessage(), assertThrows(VaultException.class, vault::profiles).getMessage());
        }
    }

    @Test
    void aNewerFormatWrittenOnPurposeSaysToUpdate() throws IOException {
        Vault vault = vault();
        add(vault, "dev", "AKIAIOSFODNN7EXAMPLE", "s1");
        byte[] good = Files.readAllBytes(vault.file());
        Files.write(vault.file(), withHeader(good, FAST, 2));
        VaultException e = assertThrows(VaultException.class, () -> vault.open(PASSWORD).close());
        assertEquals("the vault at " + vault.file() + " was written by a newer tokentray (format version 2);"
                + " update tokentray to open it", e.getMessage());
    }

    /**
     * Earlier builds under LC_ALL=C turned each byte above 0x7F of a typed (UTF-8) password into
     * U+FFFD, so "äöü" was stored as six U+FFFD, and "ßßß" opened it too; under a Latin-1 locale
     * each byte became its Latin-1 character. Such a vault opens with what its owner types and is
     * re-encrypted under exactly that, after which the look-alike no longer opens it.
     */
    @Test
    void aVaultStoredUnderALocaleGarbledPasswordOpensWithThePasswordAsTypedAndIsUpgraded() throws IOException {
        String typed = "äöü";
        String cLocale = "\uFFFD".repeat(6);
        String latin1 = new String(typed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        for (String legacy : List.of(cLocale, latin1)) {
            Path dir = home.resolve("legacy-" + legacy.length() + "-" + (int) legacy.charAt(0));
            List<String> notices = new ArrayList<>();
            Vault vault = new Vault(dir, FAST, notices::add);
            vault.update(legacy.toCharArray(), c -> {
                c.put(new VaultEntry("dev", "AKIAIOSFODNN7EXAMPLE", "s1".toCharArray(), Instant.EPOCH));
                return null;
            });
            assertEquals(List.of(), notices);

            try (VaultContents c = vault.open(typed.toCharArray())) {
                assertArrayEquals("s1".toCharArray(), c.get("dev").secretAccessKey());
            }
            assertEquals(List.of("note: re-encrypted the vault at " + vault.file() + " under the password exactly as"
                    + " typed (an older tokentray had read its non-ASCII characters through the locale and stored a"
                    + " garbled form)"), notices);
            VaultCodec.open(Files.readAllBytes(vault.file()), typed.toCharArray()).close();
            assertThrows(WrongPasswordException.class, () -> VaultCodec.open(Files.readAllBytes(vault.file()),
                    legacy.toCharArray()), "the legacy form no longer opens it");
            assertThrows(WrongPasswordException.class, () -> vault.open("ßßß".toCharArray()));
            vault.open(typed.toCharArray()).close();
            assertEquals(1, notices.size(), "upgraded once: " + notices);
        }
    }

    @Test
    void anUpdateThroughALegacyFormWritesUnderThePasswordAsTyped() throws IOException {
        List<String> notices = new ArrayList<>();
        Vault vault = new Vault(home.resolve("tokentray"), FAST, notices::add);
        vault.update("\uFFFD".repeat(4).toCharArray(), c -> null);
        vault.update("éé".toCharArray(), c -> {
            c.put(new VaultEntry("dev", "AKIAIOSFODNN7EXAMPLE", "s1".toCharArray(), Instant.EPOCH));
            return null;
        });
        assertEquals(1, notices.size(), notices.toString());
        VaultCodec.open(Files.readAllBytes(vault.file()), "éé".toCharArray()).close();
    }

    /** The header of {@code vault} with other costs and version, and a digest recomputed to match, as a tamperer would. */
    private static byte[] withHeader(byte[] vault, KdfParams params, int version) {
        int digestAt = VaultCodec.readHeader(vault).length() - 8;
        ByteBuffer bytes = ByteBuffer.wrap(vault.clone());
        bytes.putShort(4, (short) version);
        bytes.putInt(7, params.memoryKib()).putInt(11, params.iterations()).put(15, (byte) params.parallelism());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes.array(), 0, digestAt);
            bytes.put(digestAt, sha.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return bytes.array();
    }

    @Test
    void writersInSeparateProcessesLoseNoUpdate() throws Exception {
        Path dir = home.resolve("tokentray");
        List<Process> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(writer("add", dir.toString(), "w" + w, "5").start());
        }
        for (Process p : writers) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        try (VaultContents c = new Vault(dir, FAST).open(PASSWORD)) {
            assertEquals(20, c.profiles().size(), c.profiles().toString());
        }
    }

    /**
     * A process rewriting the vault in a loop is killed with SIGKILL at random moments; after
     * each kill the vault must open and hold either the last value the writer reported as
     * written or the one it was writing.
     */
    @Test
    void aWriterKilledAtAnyMomentLeavesTheOldOrTheNewVault() throws Exception {
        Path dir = home.resolve("tokentray");
        Random random = new Random(42);
        int rounds = 40;
        long lastSeen = 0;
        int killedMidWrite = 0;
        for (int round = 0; round < rounds; round++) {
            Path report = home.resolve("report-" + round);
            Process p = writer("loop", dir.toString(), report.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(report) || Files.size(report) == 0) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(report) && Files.size(report) > 0, "the writer started writing");
            Thread.sleep(random.nextInt(250));
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            List<String> lines = Files.readAllLines(report);
            long reported = Long.parseLong(lines.get(lines.size() - 1));
            assertTrue(reported > lastSeen);

            try (VaultContents c = new Vault(dir, FAST).open(PASSWORD)) {
                VaultEntry entry = c.get("counter");
                assertNotNull(entry, "round " + round);
                long stored = VaultWriterMain.counterOf(entry);
                assertTrue(stored == reported || stored == reported + 1,
                        "round " + round + ": stored " + stored + ", writer reported " + reported);
                assertArrayEquals(("secret-" + stored).toCharArray(), entry.secretAccessKey());
                killedMidWrite += stored == reported + 1 ? 1 : 0;
                lastSeen = stored;
            }
        }
        System.out.printf("kill loop: %d rounds, %d writes in all, %d kills after the rename but before the report%n",
                rounds, lastSeen, killedMidWrite);
        new Vault(dir, FAST).update(PASSWORD, c -> null);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("locks", Vault.FILE_NAME),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "the next write clears temp files left by killed writers");
        }
    }

    private static ProcessBuilder writer(String... args) {
        List<String> command = new ArrayList<>(List.of(Project.java().toString(), "-cp", Project.testClasspath(),
                VaultWriterMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TEST_VAULT_PASSWORD", new String(PASSWORD));
        return builder;
    }
}
