package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What wire, write-credentials, import --remove-plaintext and clear leave on disk in ~/.aws:
 * permissions, symlinked files, the backup.
 */
class AwsFileWritesTest {
    private static final String LEGACY = "[legacy]\naws_access_key_id = AKIALEGACYLEGACYLEGA\n"
            + "aws_secret_access_key = legacy-secret\n";

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(tmp).set("TOKENTRAY_VAULT_PASSWORD", "pw").set("TOKENTRAY_LAUNCHER", "/opt/tokentray");
    }

    /**
     * Keys of {@code profile} in the vault and a live session of it in the file cache, so
     * write-credentials needs no STS.
     */
    private void cachedSession(String profile, String keyId) {
        if (!Files.exists(home.tokentrayHome().resolve("vault.tkv"))) {
            Run added = home.cli("vault-secret\n", "add", profile, "--access-key-id", "AKIAIOSFODNN7EXAMPLE",
                    "--secret-stdin");
            assertEquals(0, added.exit(), added.toString());
        }
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey(profile), new Session(keyId, "session-secret-" + keyId, "token-" + keyId,
                        Instant.now().plusSeconds(3600)));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static void chmod(Path file, String mode) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeCredentialsMakesAFileOthersCanReadOwnerOnlyAndSaysSoOnce() throws IOException {
        home.config("[profile dev]\nregion = eu-west-1\n").credentials(LEGACY);
        chmod(home.credentialsFile(), "rw-r--r--");
        cachedSession("dev", "ASIAFIRSTFIRSTFIRST1");

        Run run = home.cli("", "write-credentials", "dev");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("rw-------", mode(home.credentialsFile()), "a file holding a session is owner-only");
        assertEquals(List.of("tokentray: ~/.aws/credentials is now owner-only (it was rw-r--r--): it holds the session"
                + " of profile 'dev'"), run.err().lines().toList());
        assertTrue(run.out().startsWith("Wrote dev's session to ~/.aws/credentials as [dev-session]"), run.out());
        assertTrue(Files.readString(home.credentialsFile()).startsWith(LEGACY + "\n[dev-session]\n"
                + "aws_access_key_id = ASIAFIRSTFIRSTFIRST1\n"));

        // Owner-only already: nothing to say. Group bits count as others too.
        cachedSession("dev", "ASIASECONDSECONDSEC2");
        Run again = home.cli("", "write-credentials", "dev");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("", again.err());
        chmod(home.credentialsFile(), "rw-r-----");
        cachedSession("dev", "ASIATHIRDTHIRDTHIRD3");
        Run group = home.cli("", "write-credentials", "dev");
        assertEquals(List.of("tokentray: ~/.aws/credentials is now owner-only (it was rw-r-----): it holds the session"
                + " of profile 'dev'"), group.err().lines().toList());
        assertEquals("rw-------", mode(home.credentialsFile()));
    }

    @Test
    void awsDirectoryAndFilesThatTokentrayCreatesAreOwnerOnly() throws IOException {
        Files.delete(home.home().resolve(".aws"));
        home.set("AWS_CONFIG_FILE", tmp.resolve("elsewhere/config").toString());
        Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(tmp.resolve("elsewhere/config"), "[profile dev]\nregion = eu-west-1\n");
        cachedSession("dev", "ASIAFIRSTFIRSTFIRST1");

        assertEquals(0, home.cli("", "write-credentials", "dev").exit());
        assertEquals("rwx------", mode(home.home().resolve(".aws")));
        assertEquals("rw-------", mode(home.credentialsFile()));

        Path newConfigDir = tmp.resolve("fresh/.aws");
        home.set("AWS_CONFIG_FILE", newConfigDir.resolve("config").toString());
        assertEquals(0, home.cli("", "wire", "dev").exit());
        assertEquals("rwx------", mode(newConfigDir));
        assertEquals("rw-------", mode(newConfigDir.resolve("config")));
    }

    /**
     * Dotfile managers link ~/.aws/config and credentials into a repository: every writer edits
     * the file the link points to, replacing it in its own directory, and the link stays a link.
     */
    @Test
    void symlinkedFilesAreEditedThroughTheLinkAndStayLinks() throws IOException {
        Path dotfiles = Files.createDirectories(tmp.resolve("dotfiles/aws"));
        Path configTarget = dotfiles.resolve("config");
        Path credentialsTarget = dotfiles.resolve("credentials");
        String config = "[profile dev]\nregion = eu-west-1\n";
        Files.writeString(configTarget, config);
        Files.writeString(credentialsTarget, LEGACY);
        chmod(credentialsTarget, "rw-------");
        // One relative link (as GNU stow makes them), one absolute.
        Path configLinkText = Path.of("../dotfiles/aws/config");
        Files.createSymbolicLink(home.configFile(), configLinkText);
        Files.createSymbolicLink(home.credentialsFile(), credentialsTarget);
        cachedSession("dev", "ASIAFIRSTFIRSTFIRST1");

        Run wire = home.cli("", "wire", "dev");
        assertEquals(0, wire.exit(), wire.toString());
        assertTrue(Files.readString(configTarget).startsWith(config + "\n[profile dev-tokentray]\n"),
                Files.readString(configTarget));
        Run written = home.cli("", "write-credentials", "dev");
        assertEquals(0, written.exit(), written.toString());
        assertTrue(Files.readString(credentialsTarget).startsWith(LEGACY + "\n[dev-session]\n"));
        assertLinksKept(configLinkText, credentialsTarget, dotfiles);

        Run imported = home.cli("", "import", "--profile", "legacy", "--remove-plaintext");
        assertEquals(0, imported.exit(), imported.toString());
        assertFalse(Files.readString(credentialsTarget).contains("legacy-secret"), Files.readString(credentialsTarget));
        assertTrue(Files.readString(credentialsTarget).contains("[dev-session]"));
        assertLinksKept(configLinkText, credentialsTarget, dotfiles);

        Run cleared = home.cli("", "clear", "dev");
        assertEquals(0, cleared.exit(), cleared.toString());
        assertFalse(Files.readString(credentialsTarget).contains("[dev-session]"), Files.readString(credentialsTarget));
        assertLinksKept(configLinkText, credentialsTarget, dotfiles);
        assertEquals("rw-------", mode(credentialsTarget));
    }

    private void assertLinksKept(Path configLinkText, Path credentialsTarget, Path dotfiles) throws IOException {
        assertTrue(Files.isSymbolicLink(home.configFile()), "~/.aws/config is still a link");
        assertEquals(configLinkText, Files.readSymbolicLink(home.configFile()));
        assertTrue(Files.isSymbolicLink(home.credentialsFile()), "~/.aws/credentials is still a link");
        assertEquals(credentialsTarget, Files.readSymbolicLink(home.credentialsFile()));
        assertEquals(List.of("config", "credentials"), names(dotfiles), "no temp file left beside the targets");
        for (String name : names(home.home().resolve(".aws"))) {
            assertTrue(List.of("config", "credentials", "config.tokentray-backup").contains(name), name);
        }
    }

    /** wire's backup is a copy of the config as it was, readable by its owner only. */
    @Test
    void wiresBackupIsOwnerOnlyAndHoldsExactlyTheConfigItReplaced() throws IOException {
        String config = "[profile dev]\nregion = eu-west-1\n[profile keys]\naws_access_key_id = AKIAKEYSKEYSKEYSKEYS\n"
                + "aws_secret_access_key = config-secret\n";
        home.config(config);
        chmod(home.configFile(), "rw-r--r--");
        cachedSession("dev", "ASIAFIRSTFIRSTFIRST1");
        Path backup = home.home().resolve(".aws/config.tokentray-backup");
        // An older backup, readable by others, holding a secret the config no longer has.
        Files.writeString(backup, config + "[profile gone]\naws_secret_access_key = old-secret\n");
        chmod(backup, "rw-r--r--");

        Run run = home.cli("", "wire", "dev");
        assertEquals(0, run.exit(), run.toString());
        assertEquals(config, Files.readString(backup));
        assertEquals("rw-------", mode(backup));
        assertEquals("rw-r--r--", mode(home.configFile()), "the config keeps its own permissions");
        chmod(backup, "rw-r--r--");
        assertEquals(0, home.cli("", "wire", "dev").exit(), "already wired: nothing to change");
        assertEquals("rw-------", mode(backup), "a backup found readable by others is made owner-only");

        // A backup path that is a link is replaced, not followed: the link's target is not written.
        Path elsewhere = tmp.resolve("public-copy");
        Files.writeString(elsewhere, "not yours\n");
        Files.delete(backup);
        Files.createSymbolicLink(backup, elsewhere);
        assertEquals(0, home.cli("", "wire", "dev", "--as", "dev-again").exit());
        assertEquals("not yours\n", Files.readString(elsewhere));
        assertFalse(Files.isSymbolicLink(backup));
        assertTrue(Files.readString(backup).contains("[profile dev-tokentray]"));
        assertEquals("rw-------", mode(backup));
    }

    /**
     * A writer killed mid-write leaves its temp file (a copy of the file with the session in it);
     * the next edit of that file deletes it.
     */
    @Test
    void tempFilesOfAKilledWriterGoWithTheNextEdit() throws IOException {
        home.config("[profile dev]\nregion = eu-west-1\n").credentials(LEGACY);
        cachedSession("dev", "ASIAFIRSTFIRSTFIRST1");
        Path aws = home.home().resolve(".aws");
        Files.writeString(aws.resolve(".credentials.0123456789ab.tmp"), LEGACY + "[dev-session]\n");
        Files.writeString(aws.resolve(".config.0123456789ab.tmp"), "[profile dev]\n");
        Files.writeString(aws.resolve(".credentials-not-ours.tmp"), "the user's\n");
        assertEquals(0, home.cli("", "write-credentials", "dev").exit());
        assertEquals(0, home.cli("", "wire", "dev").exit());
        assertEquals(List.of(".credentials-not-ours.tmp", "config", "config.tokentray-backup", "credentials"), names(aws));
    }
}
