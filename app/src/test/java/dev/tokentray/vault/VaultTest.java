package dev.tokentray.vault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
