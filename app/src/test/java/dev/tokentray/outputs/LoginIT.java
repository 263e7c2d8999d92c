package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.tray.ProfileActions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentray login}: STS sessions from moto, traded at a federation endpoint that follows the
 * public protocol (getSigninToken, then login with the token) — AWS's own cannot be reached from a
 * test, and nothing else implements it — and a browser launcher that follows the link it is given.
 */
class LoginIT {
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");

    @TempDir
    Path tmp;
    TestHome home;
    FederationEndpoint federation;

    @BeforeEach
    void setUp() throws IOException {
        federation = new FederationEndpoint();
        Path launcher = FederationEndpoint.browser(tmp);
        home = world.home(tmp)
                .set("BROWSER", launcher.toString())
                .set("TOKENTRAY_FEDERATION_ENDPOINT", federation.uri())
                .set("AWS_REGION", "eu-west-1")
                .config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                        + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = alice\n");
        world.addKeys(home, "alice");
    }

    @AfterEach
    void stop() {
        federation.close();
    }

    @Test
    void aRoleProfileSignsInWithItsRoleSession() throws IOException {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        String roleKey = (String) JSON.std.mapFrom(ok(home.binary("", "credential-process", "admin")).out())
                .get("AccessKeyId");
        Run run = ok(home.binary("", "login", "admin", "--stdout"));
        assertEquals(federation.uri() + "?Action=login&Issuer=tokentray&Destination="
                + "https%3A%2F%2Fconsole.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1&SigninToken="
                + FederationEndpoint.TOKEN + "\n", run.out());
        Map<String, String> asked = federation.tokenRequests.get(0);
        assertEquals(roleKey, asked.get("sessionId"), "the cached role session, not a new one");
        int seconds = Integer.parseInt(asked.get("SessionDuration"));
        assertTrue(seconds > 3000 && seconds <= 3600, "the console lasts as long as the role session: " + seconds);
        assertEquals(1, world.proxy.calls("AssumeRole"));
    }

    /** The endpoint refuses a GetSessionToken session, and SessionDuration with a federation session. */
    @Test
    void aProfileWithoutARoleSignsInAsAFederatedUser() {
        Run run = ok(home.binary("", "login", "alice", "--stdout"));
        assertTrue(run.out().endsWith("&SigninToken=" + FederationEndpoint.TOKEN + "\n"), run.out());
        assertEquals(1, world.proxy.calls("GetFederationToken"));
        assertEquals(0, world.proxy.calls("GetSessionToken"));
        assertTrue(federation.tradedAFederationSession(), "the endpoint saw GetFederationToken's session: "
                + federation.tokenRequests);
        Map<String, String> asked = federation.tokenRequests.get(0);
        assertNotEquals(world.alice.accessKeyId(), asked.get("sessionId"), "a session, not the keys");
        assertNull(asked.get("SessionDuration"), "not allowed with a federation session");
    }

    @Test
    void theBrowserIsStartedWithAOneTimeLocalLinkNotTheSignInLink() throws Exception {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        Run run = ok(home.binary("", "login", "admin"));
        assertEquals("Opened the AWS console as admin in your browser.\n", run.out());
        String args = Files.readString(tmp.resolve("browser-args"));
        assertTrue(args.matches("http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{32}\\n"), args);
        assertFalse(args.contains(FederationEndpoint.TOKEN));
        assertEquals(List.of(FederationEndpoint.TOKEN), federation.awaitLogins(), "the browser reached the sign-in");
    }

    @Test
    void theTraysOpenConsoleTakesTheSamePath() throws Exception {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        Tokentray engine = new Tokentray(home.env(), warning -> { });
        try (UnlockedState state = new UnlockedState(engine, warning -> { })) {
            new ProfileActions(engine, state).openConsole("admin");
        }
        assertEquals(List.of(FederationEndpoint.TOKEN), federation.awaitLogins());
        assertEquals(1, world.proxy.calls("AssumeRole"), "the cached role session");
    }

    @Test
    void aRefusalIsOneLineWithoutTheSession() throws IOException {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        federation.refuse = true;
        Run run = home.binary("", "login", "admin", "--stdout");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals("tokentray: 127.0.0.1 refused the session (HTTP 400); the console takes role sessions and, for a"
                + " user, federation sessions: check the profile's role and retry\n", run.err());
        String secret = (String) JSON.std.mapFrom(ok(home.binary("", "credential-process", "admin")).out())
                .get("SecretAccessKey");
        assertFalse(run.err().contains(secret));
    }

    @Test
    void noBrowserLauncherSaysToUseStdout() {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        home.set("BROWSER", "no-such-browser");
        Run run = home.binary("", "login", "admin");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("tokentray: cannot start a browser here (no-such-browser is missing); run `tokentray login admin"
                + " --stdout` and open the link yourself\n", run.err());
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }
}
