package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.FreePort;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentray serve}: the ECS-style endpoint (DESIGN.md §5) read by the real AWS CLI and boto3,
 * its token check, and a fetch after the cached session went stale getting a new one.
 */
class ServeIT {
    private static final String ADMIN_ARN = "arn:aws:sts::123456789012:assumed-role/admin/tokentray-alice";

    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = world.home(tmp).config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                        + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = alice\n"
                        + "region = eu-west-1\n");
        world.addKeys(home, "alice");
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
    }

    @Test
    void theAwsCliAndBoto3InTheCommandGetTheSessionFromTheEndpoint() {
        // Credentials in the caller's environment would come first in every SDK's chain: serve drops them.
        home.set("AWS_ACCESS_KEY_ID", "AKIASTALESTALESTALE1").set("AWS_SECRET_ACCESS_KEY", "stale")
                .set("AWS_PROFILE", "admin");
        String moto = world.moto.endpoint().toString();
        Run run = home.binary("", "serve", "admin", "--", "sh", "-c",
                "echo \"uri=$AWS_CONTAINER_CREDENTIALS_FULL_URI region=$AWS_REGION key=${AWS_ACCESS_KEY_ID:-unset}"
                        + " profile=${AWS_PROFILE:-unset}\"; unset AWS_ENDPOINT_URL_STS;"
                        + " aws sts get-caller-identity --endpoint-url " + moto
                        + " --output text --query Arn;"
                        + " python3 -c \"import boto3; print(boto3.client('sts', endpoint_url='" + moto
                        + "').get_caller_identity()['Arn'])\"; exit 3");
        assertEquals(3, run.exit(), "the command's exit code: " + run);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("uri=http://127\\.0\\.0\\.1:\\d+/credentials region=eu-west-1 key=unset"
                + " profile=unset"), run.out());
        assertEquals(List.of(ADMIN_ARN, ADMIN_ARN), lines.subList(1, lines.size()), run.toString());
        assertEquals(1, world.proxy.calls("AssumeRole"), "served from the cache, not assumed again");
    }

    @Test
    void theEndpointWantsItsTokenAndAStaleSessionIsRenewedOnTheNextFetch() throws Exception {
        List<String> command = List.of(Project.root().resolve("bin/tokentray").toString(), "serve", "admin");
        try (ManagedProcess serve = ManagedProcess.start("serve", command, home.envMap(), tmp)) {
            String uri = awaitExport(serve, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
            String token = awaitExport(serve, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
            assertTrue(uri.matches("http://127\\.0\\.0\\.1:\\d+/credentials"), uri);
            assertTrue(token.length() >= 40, "a random token: " + token.length() + " characters");
            assertTrue(serve.logText().contains("tokentray: serving admin at " + uri + " until stopped (Ctrl-C)"),
                    serve.logText());

            assertEquals(403, get(uri, null).statusCode(), "no token");
            assertEquals(403, get(uri, token.substring(0, token.length() - 1) + "x").statusCode(), "a wrong token");
            assertEquals(404, get(uri.replace("/credentials", "/latest/meta-data/"), token).statusCode());

            HttpResponse<String> first = get(uri, token);
            assertEquals(200, first.statusCode(), first.body());
            Map<String, Object> session = JSON.std.mapFrom(first.body());
            assertEquals(List.of("AccessKeyId", "SecretAccessKey", "Token", "Expiration"), List.copyOf(session.keySet()));
            assertTrue(((String) session.get("Expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                    first.body());

            // Ten minutes left: inside the window where SDKs fail, so the next fetch must bring a new
            // role session, made from the cached MFA session without asking anyone.
            new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache"))).put("profile:admin",
                    new Session("ASIASTALESTALESTALE1", "s", "t", Instant.now().plus(Duration.ofMinutes(10))));
            HttpResponse<String> second = get(uri, token);
            assertEquals(200, second.statusCode(), second.body() + "\n" + serve.logText());
            String renewed = (String) JSON.std.mapFrom(second.body()).get("AccessKeyId");
            assertNotEquals("ASIASTALESTALESTALE1", renewed);
            assertEquals(2, world.proxy.calls("AssumeRole"), "renewed once");
            assertEquals(1, world.proxy.calls("GetSessionToken"), "from the cached MFA session");
        }
    }

    /**
     * {@code --port N}: the endpoint listens on exactly N, and answers there with the token (and
     * 403 without it); the command is told that port. A port that is taken is one line, exit 1.
     */
    @Test
    void servesOnThePortAskedForAndABusyPortIsOneLine() throws IOException {
        String session = (String) JSON.std.mapFrom(ok(home.binary("", "credential-process", "admin")).out())
                .get("AccessKeyId");
        int port = FreePort.find();
        // The client asks 127.0.0.1:N itself, not the URI it was given, then once more without the token.
        String fetch = "import os, sys, urllib.request as u, urllib.error as e\n"
                + "url = 'http://127.0.0.1:%s/credentials' % sys.argv[1]\n"
                + "print('uri=' + os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'])\n"
                + "r = u.Request(url, headers={'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']})\n"
                + "print(u.urlopen(r, timeout=30).read().decode())\n"
                + "try:\n    u.urlopen(url, timeout=30)\nexcept e.HTTPError as refused:\n    print(refused.code)\n";
        Run served = ok(home.binary("", "serve", "admin", "--port", Integer.toString(port), "--", "python3", "-c", fetch,
                Integer.toString(port)));
        List<String> lines = served.out().lines().toList();
        assertEquals("uri=http://127.0.0.1:" + port + "/credentials", lines.get(0), served.toString());
        assertEquals(session, JSON.std.mapFrom(lines.get(1)).get("AccessKeyId"), served.toString());
        assertEquals(List.of("403"), lines.subList(2, lines.size()), served.toString());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            Run refused = home.binary("", "serve", "admin", "--port", Integer.toString(busy), "--", "true");
            assertEquals(new Run(1, "", "tokentray: cannot listen on 127.0.0.1:" + busy + " (Address already in use);"
                    + " pick another --port, or leave it out for any free one\n"), refused);
        }
    }

    @Test
    void anUnknownProfileIsOneLineAndNothingListens() {
        Run run = home.binary("", "serve", "nosuch", "--", "true");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("nosuch"), run.err());
    }

    private static String awaitExport(ManagedProcess process, String name) throws InterruptedException {
        Pattern line = Pattern.compile("^export " + name + "='([^']*)'$", Pattern.MULTILINE);
        for (int i = 0; i < 300; i++) {
            Matcher m = line.matcher(process.logText());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + name + " from " + process + ":\n" + process.logText());
    }

    private static HttpResponse<String> get(String uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }
}
