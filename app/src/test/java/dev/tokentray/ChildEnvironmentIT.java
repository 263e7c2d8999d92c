package dev.tokentray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of process the real bin/tokentray starts records the environment it was given, and
 * none holds the vault password tokentray itself was given in TOKENTRAY_VAULT_PASSWORD: exec's
 * and serve's command, mfa_process, the browser login starts, and stty at an echo-off prompt.
 */
class ChildEnvironmentIT {
    private static final String PASSWORD = "vault-pw";

    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() throws IOException {
        home = world.home(tmp);
        assertEquals(PASSWORD, home.envMap().get("TOKENTRAY_VAULT_PASSWORD"), "tokentray is given the password");
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = alice\n");
        world.addKeys(home, "alice");
    }

    /** What a child wrote with `env`, as a map; the file must be there: the child ran. */
    private static Map<String, String> recorded(Path file) throws IOException {
        assertTrue(Files.exists(file), "the child never ran: no " + file);
        String text = Files.readString(file);
        assertFalse(text.contains("TOKENTRAY_VAULT_PASSWORD"), "the child got TOKENTRAY_VAULT_PASSWORD:\n" + text);
        assertFalse(text.contains(PASSWORD), "the child got the vault password:\n" + text);
        Map<String, String> env = new HashMap<>();
        text.lines().filter(l -> l.indexOf('=') > 0).forEach(l -> env.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return env;
    }

    private void unlockAdmin() {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    /** Credentials the caller's shell had lying around, which no SDK in the child may pick up first. */
    private void strayCredentials() {
        home.set("AWS_ACCESS_KEY_ID", "AKIASTALESTALESTALE1").set("AWS_SECRET_ACCESS_KEY", "stale-secret")
                .set("AWS_PROFILE", "admin")
                .set("AWS_WEB_IDENTITY_TOKEN_FILE", tmp.resolve("stale-token").toString())
                .set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/stale");
    }

    @Test
    void execsCommandGetsTheSessionAndNoSecretOfTokentrays() throws IOException {
        unlockAdmin();
        String key = (String) JSON.std.mapFrom(ok(home.binary("", "credential-process", "admin")).out())
                .get("AccessKeyId");
        strayCredentials();
        Path file = tmp.resolve("exec-env");
        ok(home.binary("", "exec", "admin", "--", "sh", "-c", "env > " + file));
        Map<String, String> env = recorded(file);
        assertEquals(key, env.get("AWS_ACCESS_KEY_ID"), "the session asked for");
        for (String stray : List.of("AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")) {
            assertFalse(env.containsKey(stray), stray + " reached the command: " + env);
        }
        assertEquals(home.envMap().get("HOME"), env.get("HOME"), "the rest of the environment is passed on");
    }

    @Test
    void servesCommandGetsTheEndpointAndNoSecretOfTokentrays() throws IOException {
        unlockAdmin();
        strayCredentials();
        Path file = tmp.resolve("serve-env");
        ok(home.binary("", "serve", "admin", "--", "sh", "-c", "env > " + file));
        Map<String, String> env = recorded(file);
        assertTrue(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").startsWith("http://127.0.0.1:"), env.toString());
        for (String stray : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN")) {
            assertFalse(env.containsKey(stray), stray + " reached the command: " + env);
        }
    }

    @Test
    void mfaProcessGetsNoSecretOfTokentrays() throws IOException {
        Path file = tmp.resolve("mfa-process-env");
        Path script = tmp.resolve("mfa-process.sh");
        Files.writeString(script, "#!/bin/sh\nenv > " + file + "\nexec python3 -c '"
                + "import hmac, hashlib, struct, time, sys\n"
                + "h = hmac.new(bytes.fromhex(sys.argv[1]), struct.pack(\">Q\", int(time.time()) // 30), hashlib.sha1)"
                + ".digest()\no = h[-1] & 15\n"
                + "print(\"%06d\" % ((struct.unpack(\">I\", h[o:o+4])[0] & 0x7fffffff) % 1000000))' "
                + HexFormat.of().formatHex(world.seed) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\nmfa_process = " + script + "\n");
        ok(home.binary("", "unlock", "alice"));
        assertEquals(1, world.proxy.acceptedCodes().size(), "the code came from mfa_process");
        recorded(file);
    }

    @Test
    void theBrowserLoginStartsGetsNoSecretOfTokentrays() throws Exception {
        unlockAdmin();
        Path file = tmp.resolve("browser-env");
        Path follower = FederationEndpoint.browser(tmp);
        Path browser = tmp.resolve("recording-browser");
        Files.writeString(browser, "#!/bin/sh\nenv > " + file + "\nexec " + follower + " \"$@\"\n");
        Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
        try (FederationEndpoint federation = new FederationEndpoint()) {
            home.set("BROWSER", browser.toString()).set("TOKENTRAY_FEDERATION_ENDPOINT", federation.uri());
            ok(home.binary("", "login", "admin"));
            assertEquals(List.of(FederationEndpoint.TOKEN), federation.awaitLogins(), "the browser signed in");
        }
        recorded(file);
    }

    /** stty turns echo off when the prompt goes to /dev/tty because stdout is a pipe. */
    @Test
    void sttyAtAnEchoOffPromptGetsNoSecretOfTokentrays() throws Exception {
        Path file = tmp.resolve("stty-env");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path stty = bin.resolve("stty");
        Files.writeString(stty, "#!/bin/sh\nenv > " + file + "\nexec " + Peers.require("stty", "apt-get install coreutils")
                + " \"$@\"\n");
        Files.setPosixFilePermissions(stty, PosixFilePermissions.fromString("rwx------"));
        home.set("PATH", bin + ":" + home.envMap().get("PATH"));
        String command = Project.root().resolve("bin/tokentray") + " add extra --access-key-id AKIAEXTRAEXTRAEXTRA1"
                + " | cat";
        try (PtySession pty = new PtySession(command, home.envMap())) {
            pty.answer("Secret access key: ", "extra-secret");
            assertEquals(0, pty.waitForExit(), pty.screen());
        }
        recorded(file);
    }
}
