package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.tray.ProfileActions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
    static MotoServer moto = new MotoServer();
    static MfaWorld world;

    @TempDir
    Path tmp;
    TestHome home;
    FederationEndpoint federation;

    @BeforeAll
    static void world() throws IOException {
        world = new MfaWorld(moto);
        world.aws.role("admin");
    }

    @AfterAll
    static void stopProxy() {
        world.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        world.proxy.reset();
        federation = new FederationEndpoint();
        // The browser (BROWSER, as a person on a headless box would set it): records what it was
        // started with, then fetches it as a browser would.
        Path launcher = tmp.resolve("browser");
        Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + tmp.resolve("browser-args") + "\n"
                + "python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \"$1\""
                + " >/dev/null 2>&1 &\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
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
        federation.server.stop(0);
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

    @Test
    void aProfileWithoutARoleSignsInAsAFederatedUser() {
        ok(home.binary("", "login", "alice", "--stdout"));
        assertEquals(1, world.proxy.calls("GetFederationToken"));
        assertEquals(0, world.proxy.calls("GetSessionToken"), "the endpoint refuses GetSessionToken sessions");
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

    /** AWS's federation endpoint as its public documentation describes it ("custom identity broker"). */
    static final class FederationEndpoint {
        static final String TOKEN = "signin-token-42";
        final HttpServer server;
        final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
        final List<String> logins = new CopyOnWriteArrayList<>();
        volatile boolean refuse;

        FederationEndpoint() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/federation", exchange -> {
                try (exchange) {
                    Map<String, String> query = query(exchange.getRequestURI());
                    byte[] body;
                    if (refuse) {
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    if ("getSigninToken".equals(query.get("Action"))) {
                        Map<String, Object> session = JSON.std.mapFrom(query.get("Session"));
                        Map<String, String> seen = new java.util.HashMap<>();
                        session.forEach((k, v) -> seen.put(k, String.valueOf(v)));
                        if (query.containsKey("SessionDuration")) {
                            seen.put("SessionDuration", query.get("SessionDuration"));
                        }
                        assertNotNull(seen.get("sessionKey"));
                        assertNotNull(seen.get("sessionToken"));
                        tokenRequests.add(seen);
                        body = ("{\"SigninToken\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
                    } else if ("login".equals(query.get("Action")) && "tokentray".equals(query.get("Issuer"))) {
                        logins.add(query.get("SigninToken"));
                        body = "signed in".getBytes(StandardCharsets.UTF_8);
                    } else {
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
        }

        /** The logins seen once one arrived: the browser follows the redirect after the command has returned. */
        List<String> awaitLogins() throws InterruptedException {
            for (int i = 0; i < 100 && logins.isEmpty(); i++) {
                Thread.sleep(100);
            }
            return List.copyOf(logins);
        }

        String uri() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/federation";
        }

        private static Map<String, String> query(URI uri) {
            return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                    .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "",
                            StandardCharsets.UTF_8)));
        }
    }
}
