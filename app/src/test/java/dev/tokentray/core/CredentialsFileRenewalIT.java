package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials-file mode's renewals (unlock, the shim renewing a session about to expire, and the
 * tray renewing it ahead of expiry) rewrite the session's section in place, every other byte of the
 * file kept, and keep the file owner-only: a file someone made readable by others since is narrowed
 * again, said in one line on stderr and never on the shim's stdout, which the AWS CLI parses.
 */
class CredentialsFileRenewalIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();
    @RegisterExtension
    static MfaWorld world = MfaWorld.withUser("carol", "admin");
    static final String adminArn = MfaWorld.roleArn("admin");

    @TempDir
    Path tmp;

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private static final String NARROWED = "tokentray: ~/.aws/credentials is now owner-only (it was rw-r--r--): it"
            + " holds the session of profile 'admin'";

    /** Keys of the user's own around the session's section: every byte of them stays as it was. */
    private static final String USER_KEYS = "# my own keys\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
            + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n";
    private static final String AFTER_THE_SESSION = "\n[later]\nregion = eu-west-1   ; botocore reads this as part of the value\n";

    /** carol's keys as alice, admin a role chained from her MFA session, which `unlock` opens with a code. */
    private static TestHome unlockedHome(Path dir) {
        TestHome home = world.home(dir);
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = " + adminArn + "\nsource_profile = alice\n");
        world.addKeys(home, "alice");
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        return home;
    }

    /** `write-credentials admin` into a file of the user's own, which the user then edits further on. */
    private static void writeSessionAmongUserKeys(TestHome home) throws IOException {
        home.credentials(USER_KEYS);
        ok(home.binary("", "write-credentials", "admin"));
        Files.writeString(home.credentialsFile(), AFTER_THE_SESSION, StandardOpenOption.APPEND);
    }

    @Test
    void renewalsMakeTheFileOwnerOnlyAgainAndSaySoOnStderrOnly() throws IOException {
        TestHome home = unlockedHome(tmp);
        writeSessionAmongUserKeys(home);
        Path file = home.credentialsFile();
        assertEquals("rw-------", mode(file));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SessionCache cache = new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        String before = Files.readString(file);
        Run unlock = ok(home.binary("", "unlock", "admin"));
        assertEquals(List.of(NARROWED), unlock.err().lines().toList(), unlock.toString());
        assertEquals("rw-------", mode(file));
        assertRenewedInPlace(before, Files.readString(file), cache.get(SessionCache.profileKey("admin")));

        // The shim, with a session inside the AWS CLI's 15-minute window: it gets a new one (the
        // MFA session still lasts, so no code), which credentials-file mode writes.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        cache.put(SessionCache.profileKey("admin"), new Session("ASIAABOUTTOEXPIRE000", "s", "t",
                Instant.now().plusSeconds(300)));
        before = Files.readString(file);
        Run shim = ok(home.set("TOKENTRAY_AGENT", "off").binary("", "credential-process", "admin"));
        assertEquals(1, shim.out().lines().count(), "one JSON object on stdout:\n" + shim.out());
        Map<String, Object> json = JSON.std.mapFrom(shim.out());
        assertEquals(List.of(NARROWED), shim.err().lines().toList(), shim.toString());
        assertEquals("rw-------", mode(file));
        assertRenewedInPlace(before, Files.readString(file), new Session((String) json.get("AccessKeyId"),
                (String) json.get("SecretAccessKey"), (String) json.get("SessionToken"), Instant.now()));
    }

    @Test
    void theTraysRenewalAheadOfExpiryRewritesTheSectionInPlace() throws Exception {
        TestHome home = unlockedHome(tmp);
        writeSessionAmongUserKeys(home);
        // 16 minutes left: past the tray's renewal mark (17), so it renews admin at its first look.
        SessionCache cache = new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        cache.put(SessionCache.profileKey("admin"), new Session("ASIAAGEDAGEDAGEDAGED", "s", "t",
                Instant.now().plus(Duration.ofMinutes(16))));
        String before = Files.readString(home.credentialsFile());
        // The tray never gets the vault password: the MFA session stands in.
        Map<String, String> env = new HashMap<>(home.set("TOKENTRAY_VAULT_PASSWORD", null).envMap());
        env.putAll(desktop.env());
        try (ManagedProcess tray = ManagedProcess.start("tray",
                List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), env, null)) {
            // Logged once the renewal has returned, the file rewritten.
            Instant until = Instant.now().plusSeconds(60);
            while (!tray.logText().contains("tokentray: renewed admin ahead of expiry\n") && Instant.now().isBefore(until)) {
                Thread.sleep(200);
            }
            assertTrue(tray.logText().contains("tokentray: renewed admin ahead of expiry\n"), tray.logText());
            Session renewed = cache.get(SessionCache.profileKey("admin"));
            assertRenewedInPlace(before, Files.readString(home.credentialsFile()), renewed);
            assertEquals("rw-------", mode(home.credentialsFile()));
            assertEquals(2, world.proxy.calls("AssumeRole"), "unlock's, then the tray's");
            assertEquals(1, world.proxy.calls("GetSessionToken"), "the tray's from the MFA session: no code");
        }
    }

    private static final List<String> SESSION_KEYS = List.of("aws_access_key_id", "aws_secret_access_key",
            "aws_session_token", "tokentray_expiration");

    /**
     * {@code after} holds {@code session} in [admin-session], where {@code before} held an older one,
     * and differs from {@code before} in nothing else: the section was rewritten in place.
     */
    private static void assertRenewedInPlace(String before, String after, Session session) {
        Map<String, String> old = sessionValues(before);
        Map<String, String> now = sessionValues(after);
        assertEquals(List.of(session.accessKeyId(), session.secretAccessKey(), session.sessionToken()),
                List.of(now.get("aws_access_key_id"), now.get("aws_secret_access_key"), now.get("aws_session_token")),
                "the renewed session is the one written:\n" + after);
        assertNotEquals(old.get("aws_access_key_id"), now.get("aws_access_key_id"), after);
        String restored = after;
        for (String key : SESSION_KEYS) {
            restored = restored.replace(key + " = " + now.get(key) + "\n", key + " = " + old.get(key) + "\n");
        }
        assertEquals(before, restored, "only the session's values changed, each on its own line");
    }

    /** The session settings of [admin-session] in {@code file}. */
    private static Map<String, String> sessionValues(String file) {
        int start = file.indexOf("[admin-session]\n");
        assertTrue(start >= 0, "no [admin-session] in:\n" + file);
        int next = file.indexOf("\n[", start);
        Map<String, String> values = new HashMap<>();
        for (String line : file.substring(start, next < 0 ? file.length() : next).split("\n")) {
            int equals = line.indexOf(" = ");
            if (equals > 0 && SESSION_KEYS.contains(line.substring(0, equals))) {
                values.put(line.substring(0, equals), line.substring(equals + 3));
            }
        }
        assertEquals(SESSION_KEYS.size(), values.size(), "every session setting in [admin-session]:\n" + file);
        return values;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
