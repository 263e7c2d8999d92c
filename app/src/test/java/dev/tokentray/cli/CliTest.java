package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.vault.Vault;
import dev.tokentray.vault.VaultContents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(tmp).set("TOKENTRAY_VAULT_PASSWORD", "pw");
    }

    private static void assertOk(Run run) {
        assertEquals(0, run.exit(), run.toString());
    }

    /** Exit 1 with exactly one line on stderr that contains every fragment, and nothing on stdout. */
    private static void assertOneLineError(Run run, String... fragments) {
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.toString());
        for (String fragment : fragments) {
            assertTrue(lines.get(0).contains(fragment), "'" + fragment + "' in: " + lines.get(0));
        }
        assertFalse(run.err().contains(SECRET));
    }

    private char[] vaultSecret(String profile, String password) {
        try (VaultContents c = new Vault(home.tokentrayHome()).open(password.toCharArray())) {
            return c.get(profile) == null ? null : c.get(profile).secretAccessKey();
        }
    }

    @Test
    void addStoresTheKeyPairFromStdin() {
        Run run = home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin");
        assertOk(run);
        assertEquals("Added keys AKIAIOSFODNN7EXAMPLE for profile 'dev' in the vault.\n", run.out());
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "pw"));

        Run again = home.cli("other\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin");
        assertOk(again);
        assertEquals("Replaced keys AKIAIOSFODNN7EXAMPLE for profile 'dev' in the vault.\n", again.out());
        assertArrayEquals("other".toCharArray(), vaultSecret("dev", "pw"));
    }

    @Test
    void addWithoutTerminalOrInputSaysWhatToPass() {
        assertOneLineError(home.cli("", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE"),
                "profile 'dev'", "--secret-stdin");
        assertOneLineError(home.set("TOKENTRAY_VAULT_PASSWORD", null)
                        .cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"),
                "no terminal", "TOKENTRAY_VAULT_PASSWORD");
    }

    @Test
    void addRejectsTemporaryAndMalformedKeys() {
        assertOneLineError(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "ASIAIOSFODNN7EXAMPLE",
                "--secret-stdin"), "temporary");
        assertOneLineError(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "not-a-key", "--secret-stdin"),
                "access key ID");
        assertFalse(Files.exists(home.tokentrayHome().resolve(Vault.FILE_NAME)), "nothing written");
    }

    @Test
    void interactiveAddAsksForAllThreeAndConfirmsANewPassword() {
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        ScriptedTerminal terminal = new ScriptedTerminal("AKIAIOSFODNN7EXAMPLE", SECRET, "s3cret vault pw", "s3cret vault pw");
        Run run = home.cli("", terminal, "add", "dev");
        assertOk(run);
        assertEquals("Added keys AKIAIOSFODNN7EXAMPLE for profile 'dev' in the vault.\n", run.out());
        assertEquals(List.of("Access key ID: ", "Secret access key: ", "New vault password: ", "Repeat it: "),
                terminal.prompts);
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "s3cret vault pw"));

        ScriptedTerminal mismatch = new ScriptedTerminal("AKIAIOSFODNN7EXAMPLE", SECRET, "a", "b");
        Path other = tmp.resolve("other");
        TestHome second = new TestHome(other);
        assertOneLineError(second.cli("", mismatch, "add", "dev"), "differ");
    }

    /** The rule the window applies too (PasswordStrength): under 8 refused, under 12 a note. */
    @Test
    void aNewVaultPasswordTypedOnTheTerminalIsRefusedUnder8CharactersAndGetsANoteUnder12() {
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        Run tooShort = home.cli("", new ScriptedTerminal("AKIAIOSFODNN7EXAMPLE", SECRET, "ab", "ab"), "add", "dev");
        assertOneLineError(tooShort, "tokentray: the new vault password is too short: use at least 8 characters",
                "nothing was changed");
        assertFalse(Files.exists(home.tokentrayHome().resolve(Vault.FILE_NAME)), "no vault was made");

        Run fair = home.cli("", new ScriptedTerminal("AKIAIOSFODNN7EXAMPLE", SECRET, "s3cret-pw", "s3cret-pw"), "add", "dev");
        assertOk(fair);
        assertEquals("note: the new vault password is only fair; 12 or more characters with digits or symbols,"
                + " or a few words, is harder to guess (`tokentray passwd` changes it)\n", fair.err());
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "s3cret-pw"));

        Run passwd = home.cli("", new ScriptedTerminal("s3cret-pw", "abc", "abc"), "passwd");
        assertOneLineError(passwd, "too short", "at least 8 characters");
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "s3cret-pw"), "the password is unchanged");

        Run good = home.cli("", new ScriptedTerminal("s3cret-pw", "correct horse battery", "correct horse battery"), "passwd");
        assertOk(good);
        assertEquals("", good.err());
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "correct horse battery"));
    }

    @Test
    void wrongPasswordIsOneLineAndChangesNothing() throws IOException {
        assertOk(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"));
        byte[] before = Files.readAllBytes(home.tokentrayHome().resolve(Vault.FILE_NAME));
        Run run = home.set("TOKENTRAY_VAULT_PASSWORD", "wrong")
                .cli("x\n", "add", "prod", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin");
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertEquals("tokentray: wrong password\n", run.err());
        assertArrayEquals(before, Files.readAllBytes(home.tokentrayHome().resolve(Vault.FILE_NAME)));
    }

    @Test
    void importMovesKeysAndRemovesOnlyTheirLinesByteForByte() throws IOException {
        // The profiles the import does not name: their lines stay as they are, byte for byte.
        String notImported = "[temp]\n"
                + "aws_access_key_id = ASIATEMPTEMPTEMPTEMP\n"
                + "aws_secret_access_key = tempsecret\n"
                + "aws_session_token = tokentoken\n"
                + "[untouched]\n"
                + "aws_access_key_id = AKIAUNTOUCHEDUNTOUCH\n"
                + "aws_secret_access_key = untouchedsecret\n"
                + "# trailing comment with Unicode: café";
        String credentials = "# my keys\r\n"
                + "[default]\r\n"
                + "aws_access_key_id = AKIADEFAULTDEFAULT01\r\n"
                + "aws_secret_access_key = " + SECRET + "\r\n"
                + "\r\n"
                + "[dev]   \n"
                + "; dev user, keep this comment\n"
                + "region=eu-west-1\n"
                + "aws_access_key_id=AKIADEVDEVDEVDEVDEV1\n"
                + "aws_secret_access_key=devsecret/+1\n"
                + "output = json\n"
                + "\n"
                + notImported;
        home.credentials(credentials);
        Files.setPosixFilePermissions(home.credentialsFile(), PosixFilePermissions.fromString("rw-r-----"));

        Run run = home.cli("", "import", "--profile", "default", "--profile", "dev", "--remove-plaintext");
        assertOk(run);
        assertEquals("Imported default, dev into the vault.\nRemoved their keys from ~/.aws/credentials.\n", run.out());

        String expected = "# my keys\r\n"
                + "\r\n"
                + "[dev]   \n"
                + "; dev user, keep this comment\n"
                + "region=eu-west-1\n"
                + "output = json\n"
                + "\n"
                + notImported;
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(home.credentialsFile()));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.credentialsFile())),
                "permissions kept");
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("default", "pw"));
        assertArrayEquals("devsecret/+1".toCharArray(), vaultSecret("dev", "pw"));
        try (var files = Files.list(home.home().resolve(".aws"))) {
            assertEquals(List.of("credentials"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no backup holding the removed secrets");
        }
    }

    @Test
    void importWithoutProfilesTakesEveryLongLivedPairAndKeepsThePlaintextUnlessAsked() throws IOException {
        String credentials = "[a]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\naws_secret_access_key = sa\n"
                + "[t]\naws_access_key_id = ASIATTTTTTTTTTTTTTTT\naws_secret_access_key = st\naws_session_token = x\n"
                + "[b]\naws_access_key_id = AKIABBBBBBBBBBBBBBBB\naws_secret_access_key = sb\n";
        home.credentials(credentials);
        Run run = home.cli("", "import");
        assertOk(run);
        assertEquals("Imported a, b into the vault.\nThe keys are still in ~/.aws/credentials; run again with"
                + " --remove-plaintext to delete them there.\n", run.out());
        assertEquals(credentials, Files.readString(home.credentialsFile()), "untouched without --remove-plaintext");

        Run list = home.cli("", "list", "--json");
        List<Object> rows = JSON.std.listFrom(list.out());
        Map<?, ?> a = (Map<?, ?>) rows.get(0);
        assertEquals("a", a.get("profile"));
        assertEquals("vault", a.get("keys"));
        assertEquals(Boolean.TRUE, a.get("plaintext_copy"));
    }

    @Test
    void importOfAProfileWithoutKeysNamesItAndWritesNothing() {
        home.credentials("[dev]\nregion = us-east-1\n");
        assertOneLineError(home.cli("", "import", "--profile", "dev"), "profile 'dev'", "~/.aws/credentials");
        assertFalse(Files.exists(home.tokentrayHome().resolve(Vault.FILE_NAME)));
    }

    @Test
    void listShowsKeysRolesMfaAndCachedSessions() throws IOException {
        home.set("AWS_PROFILE", "dev");
        home.config("[profile dev]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111122223333:mfa/alice\n"
                + "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = dev\n"
                + "[profile loop]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = loop2\n"
                + "[profile loop2]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = loop\n");
        assertOk(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"));
        Instant expiry = Instant.now().plus(Duration.ofMinutes(42).plusSeconds(30)).truncatedTo(ChronoUnit.SECONDS);
        new SessionCache(new dev.tokentray.cache.FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey("admin"), new Session("ASIAEXAMPLE", "s", "t", expiry));

        Run run = home.cli("", "list");
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("  PROFILE +KEYS +ROLE +MFA +SESSION"), lines.get(0));
        assertEquals(lines.get(0).indexOf("SESSION"), lines.get(1).indexOf("42m left"), "columns line up");
        assertTrue(lines.get(1).matches("  admin +via dev +arn:aws:iam::111122223333:role/admin +"
                + "arn:aws:iam::111122223333:mfa/alice +42m left"), lines.get(1));
        assertTrue(lines.get(2).matches("\\* dev +vault +- +arn:aws:iam::111122223333:mfa/alice +-"), lines.get(2));
        assertTrue(lines.get(3).matches("  loop +error \\(see below\\) +- +- +-"), lines.get(3));
        assertTrue(run.err().contains("cycle"), run.err());

        List<Object> json = JSON.std.listFrom(home.cli("", "list", "--json").out());
        Map<?, ?> admin = (Map<?, ?>) json.get(0);
        assertEquals("admin", admin.get("profile"));
        assertEquals("arn:aws:iam::111122223333:role/admin", admin.get("role_arn"));
        assertEquals(expiry.toString(), admin.get("session_expiration"));
        assertEquals("eu-west-1", admin.get("region"));
        assertEquals(Boolean.FALSE, admin.get("active"));
        assertEquals(Boolean.TRUE, ((Map<?, ?>) json.get(1)).get("active"), "AWS_PROFILE=dev is marked");
        assertEquals("* used when no profile is named (AWS_PROFILE, else default)", lines.get(lines.size() - 1));
    }

    @Test
    void listShowsAProfileWithoutKeysAsNeedingKeysNotAsAnError() throws IOException {
        home.config("[default]\nregion = eu-west-1\n[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nsource_profile = default\n");
        Run run = home.cli("", "list");
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err(), "a region-only [default] is no error");
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).matches("  ci +none: tokentray add default +- +- +-"), lines.get(1));
        assertTrue(lines.get(2).matches("\\* default +none: tokentray add default +- +- +-"), lines.get(2));

        Map<?, ?> json = (Map<?, ?>) JSON.std.listFrom(home.cli("", "list", "--json").out()).get(1);
        assertEquals("default", json.get("profile"));
        assertNull(json.get("error"), json.toString());
        assertEquals("default", json.get("needs_keys_of"), json.toString());
    }

    @Test
    void malformedConfigStopsListWithTheFileAndLine() {
        home.config("[profile ok]\nregion = us-east-1\nwhat is this\n");
        assertOneLineError(home.cli("", "list"), "~/.aws/config line 3");
    }

    @Test
    void removeDeletesKeysAndSession() {
        assertOk(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"));
        SessionCache cache = new SessionCache(
                new dev.tokentray.cache.FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        cache.put(SessionCache.profileKey("dev"), new Session("ASIA1", "s", "t", Instant.now().plusSeconds(3600)));
        Run run = home.cli("", "remove", "dev");
        assertOk(run);
        assertEquals("Removed the keys of profile 'dev' from the vault.\n"
                + "Removed the cached session of profile 'dev'.\n", run.out());
        assertEquals(List.of(), new Vault(home.tokentrayHome()).profiles());
        assertEquals(null, cache.get(SessionCache.profileKey("dev")));
        assertOneLineError(home.cli("", "remove", "ghost"), "profile 'ghost'", "tokentray list");
    }

    @Test
    void passwdChangesThePassword() {
        assertOk(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"));
        Run run = home.set("TOKENTRAY_VAULT_PASSWORD", null).cli("pw\nnew-pw\n", "passwd", "--password-stdin",
                "--new-password-stdin");
        assertOk(run);
        assertEquals("Changed the vault password.\n", run.out());
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "new-pw"));
        Run old = home.cli("pw\nx\n", "passwd", "--password-stdin", "--new-password-stdin");
        assertEquals(1, old.exit(), old.toString());
        assertEquals("", old.out());
        assertEquals("tokentray: wrong password\n", old.err());
        assertArrayEquals(SECRET.toCharArray(), vaultSecret("dev", "new-pw"), "the old password changed nothing");
    }

    @Test
    void wireAppendsAShimProfileKeepingEveryOtherByteAndABackup() throws IOException {
        String config = "# mine\r\n[profile admin]\r\nrole_arn = arn:aws:iam::1:role/admin\r\nsource_profile = dev\r\n"
                + "region = eu-west-1\r\n[profile dev]\r\nmfa_serial = arn:aws:iam::1:mfa/me";
        home.config(config);
        assertOk(home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"));
        home.set("TOKENTRAY_LAUNCHER", "/opt/token tray/bin/tokentray");
        Run run = home.cli("", "wire", "admin");
        assertOk(run);
        assertTrue(run.out().startsWith("Wired profile 'admin-tokentray'"), run.out());
        String expected = config + "\r\n\r\n[profile admin-tokentray]\r\n"
                + "credential_process = \"/opt/token tray/bin/tokentray\" credential-process admin\r\n"
                + "region = eu-west-1\r\n";
        assertEquals(expected, Files.readString(home.configFile()));
        assertEquals(config, Files.readString(home.home().resolve(".aws/config.tokentray-backup")));

        Run again = home.cli("", "wire", "admin");
        assertOk(again);
        assertTrue(again.out().startsWith("Profile 'admin-tokentray' is already wired."), again.out());
        assertEquals(expected, Files.readString(home.configFile()));

        Run listed = home.cli("", "list", "--json");
        assertTrue(listed.out().contains("\"profile\":\"admin-tokentray\",\"active\":false,\"keys\":\"credential_process\""),
                listed.out());
        assertOneLineError(home.cli("", "wire", "dev", "--as", "admin"), "[profile admin]", "--as");
    }

    /**
     * In an installed app the tray runs as the tokentray-tray launcher (jpackage sets
     * jpackage.app-path); what it wires must be the start-up-tuned tokentray launcher beside it.
     */
    @Test
    void wireFromAnInstalledLauncherNamesTheTokentrayLauncherBesideIt() throws IOException {
        home.config("[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = dev\n"
                + "[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        Path bin = Files.createDirectories(home.home().resolve("app/bin"));
        Path tray = Files.createFile(bin.resolve("tokentray-tray"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.createFile(bin.resolve("tokentray"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        home.set("TOKENTRAY_LAUNCHER", null);
        System.setProperty("jpackage.app-path", tray.toString());
        try {
            assertOk(home.cli("", "wire", "admin"));
        } finally {
            System.clearProperty("jpackage.app-path");
        }
        assertTrue(Files.readString(home.configFile()).contains("credential_process = " + bin.resolve("tokentray")
                + " credential-process admin\n"), Files.readString(home.configFile()));
    }

    /** Bad usage: exit 2, nothing on stdout, one line on stderr naming what is wrong and pointing at --help. */
    @Test
    void badUsageExitsTwo() {
        assertBadUsage(home.cli("", "add"), "Missing required parameter: 'PROFILE'", "tokentray add");
        assertBadUsage(home.cli("", "frobnicate"), "Unmatched argument at index 0: 'frobnicate'", "tokentray");
        assertBadUsage(home.cli("", "list", "--bogus"), "Unknown option: '--bogus'", "tokentray list");
        assertBadUsage(home.cli("", "serve", "dev", "--port", "99999"), "--port 99999 is not a port (1-65535; leave it"
                + " out for any free one)", "tokentray serve");
        assertBadUsage(home.cli("", "rotate", "dev", "--duration", "1h"), "--duration does not apply to rotate",
                "tokentray rotate");
    }

    private static void assertBadUsage(Run run, String says, String command) {
        assertEquals(2, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith(says), run.err());
        assertTrue(run.err().endsWith(" (see `" + command + " --help`)\n"), run.err());
    }

    @Test
    void unknownKeyringBackendIsNamed() {
        home.set("TOKENTRAY_KEYRING", "floppy");
        assertOneLineError(home.cli("", "list"), "TOKENTRAY_KEYRING=floppy", "file");
    }

    /** Answers prompts from a script and records them. */
    static final class ScriptedTerminal implements Terminal {
        final Deque<String> answers;
        final List<String> prompts = new java.util.ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public char[] readSecret(String prompt) {
            prompts.add(prompt);
            return answers.isEmpty() ? null : answers.pop().toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.isEmpty() ? null : answers.pop();
        }
    }
}
