package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials-file mode's renewals (unlock, and the shim renewing a session about to expire) keep
 * the file owner-only: a file someone made readable by others since is narrowed again, said in one
 * line on stderr and never on the shim's stdout, which the AWS CLI parses.
 */
class CredentialsFileRenewalIT {
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

    @Test
    void renewalsMakeTheFileOwnerOnlyAgainAndSaySoOnStderrOnly() throws IOException {
        TestHome home = world.home(tmp);
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = " + adminArn + "\nsource_profile = alice\n");
        world.addKeys(home, "alice");
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        ok(home.binary("", "write-credentials", "admin"));
        Path file = home.credentialsFile();
        assertEquals("rw-------", mode(file));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Run unlock = ok(home.binary("", "unlock", "admin"));
        assertEquals(List.of(NARROWED), unlock.err().lines().toList(), unlock.toString());
        assertEquals("rw-------", mode(file));

        // The shim, with a session inside the AWS CLI's 15-minute window: it gets a new one (the
        // MFA session still lasts, so no code), which credentials-file mode writes.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey("admin"), new Session("ASIAABOUTTOEXPIRE000", "s", "t",
                        Instant.now().plusSeconds(300)));
        Run shim = ok(home.set("TOKENTRAY_AGENT", "off").binary("", "credential-process", "admin"));
        assertEquals(1, shim.out().lines().count(), "one JSON object on stdout:\n" + shim.out());
        Map<String, Object> json = JSON.std.mapFrom(shim.out());
        assertEquals(List.of(NARROWED), shim.err().lines().toList(), shim.toString());
        assertEquals("rw-------", mode(file));
        Matcher written = Pattern.compile("\\[admin-session\\]\\naws_access_key_id = (\\w+)").matcher(Files.readString(file));
        assertTrue(written.find(), Files.readString(file));
        assertEquals(json.get("AccessKeyId"), written.group(1), "the renewed session is the one written");
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
