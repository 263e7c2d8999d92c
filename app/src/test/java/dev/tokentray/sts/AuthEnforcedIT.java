package dev.tokentray.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * moto with SigV4 verification on: a role assumed straight from the vault's long-lived keys (no
 * MFA; moto refuses GetSessionToken keys under enforcement) reaches the AWS CLI, boto3 and the
 * SDK v2's own ProfileCredentialsProvider; a wrong secret surfaces as a refusal naming the profile.
 */
class AuthEnforcedIT {
    @RegisterExtension
    static MotoServer moto = new MotoServer();
    static AccessKey bob;
    static AccessKey carol;
    static AccessKey dave;
    static String roleArn;

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeAll
    static void world() throws Exception {
        AwsWorld world = new AwsWorld(moto.endpoint());
        bob = world.user("bob");
        world.allow("bob", "sts:AssumeRole", "sts:GetCallerIdentity", "iam:ListMFADevices");
        roleArn = world.roleWithoutMfa("ops");
        carol = world.user("carol");
        world.allow("carol", "sts:AssumeRole", "sts:GetCallerIdentity", "iam:ListMFADevices", "iam:CreateAccessKey",
                "iam:DeleteAccessKey");
        dave = world.user("dave");
        world.allow("dave", "sts:GetCallerIdentity", "iam:ListMFADevices");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(moto.endpoint() + "/moto-api/reset-auth"))
                .POST(HttpRequest.BodyPublishers.ofString("0")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    /**
     * The wired profile's credential_process names its home itself: the Java SDK runs it in this
     * JVM's environment, not the test home's. TOKENTRAY_AGENT=off there too, or its shim starts a
     * headless agent that outlives the test.
     */
    @BeforeEach
    void setUp() {
        home = new TestHome(tmp)
                .set("TOKENTRAY_VAULT_PASSWORD", "vault-pw")
                .set("AWS_ENDPOINT_URL_STS", moto.endpoint().toString())
                .set("AWS_ENDPOINT_URL_IAM", moto.endpoint().toString())
                .set("AWS_REGION", "us-east-1")
                .config("[profile bob]\nregion = us-east-1\n"
                        + "[profile ops]\nrole_arn = " + roleArn + "\nsource_profile = bob\nrole_session_name = bob-ops\n"
                        + "[profile carol-ops]\nrole_arn = " + roleArn + "\nsource_profile = carol\n"
                        + "[profile wired]\ncredential_process = env HOME=" + tmp + " TOKENTRAY_HOME="
                        + home(tmp) + " TOKENTRAY_KEYRING=file TOKENTRAY_AGENT=off " + Project.root().resolve("bin/tokentray")
                        + " credential-process ops\nregion = us-east-1\n");
    }

    private static String home(Path tmp) {
        return tmp.resolve("tokentray").toString();
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    @Test
    void theAssumedRoleReachesTheCliBoto3AndTheJavaSdk() {
        ok(home.binary(bob.secretAccessKey() + "\n", "add", "bob", "--access-key-id", bob.accessKeyId(),
                "--secret-stdin"));
        ok(home.binary("", "unlock", "ops"));
        Map<String, String> env = new HashMap<>(home.envMap());
        String expected = "arn:aws:sts::123456789012:assumed-role/ops/bob-ops";

        Run cli = ok(TestHome.process(List.of("aws", "sts", "get-caller-identity", "--profile", "wired",
                "--endpoint-url", moto.endpoint().toString(), "--output", "text", "--query", "Arn"), "", env));
        assertEquals(expected, cli.out().strip());

        Run boto = ok(TestHome.process(List.of("python3", "-c",
                "import boto3; s = boto3.Session(profile_name='wired');"
                        + "print(s.client('sts', endpoint_url='" + moto.endpoint() + "').get_caller_identity()['Arn'])"),
                "", env));
        assertEquals(expected, boto.out().strip());

        ProfileFile config = ProfileFile.builder().content(home.configFile()).type(ProfileFile.Type.CONFIGURATION)
                .build();
        try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder().profileFile(config)
                .profileName("wired").build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            assertTrue(credentials instanceof AwsSessionCredentials, credentials.getClass().toString());
            assertTrue(credentials.expirationTime().isPresent(), "Expiration reached the SDK");
            try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(credentials)).build()) {
                assertEquals(expected, sts.getCallerIdentity().arn());
            }
        }
    }

    @Test
    void aWrongSecretInTheVaultIsARefusalThatNamesTheProfile() throws IOException {
        ok(home.binary("wrong-secret-for-bob\n", "add", "bob", "--access-key-id", bob.accessKeyId(),
                "--secret-stdin"));
        Run run = home.binary("", "credential-process", "ops");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("tokentray: profile 'ops': AWS refused the keys ("), run.err());
        assertTrue(run.err().endsWith("; check them with `tokentray list` or store new ones with `tokentray add"
                + " ops`\n"), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void rotateStoresAKeyThatWorksAndTheOldOneIsRefused() {
        ok(home.binary(carol.secretAccessKey() + "\n", "add", "carol", "--access-key-id", carol.accessKeyId(),
                "--secret-stdin"));
        try (StsClient sts = sts(carol)) {
            assertEquals("arn:aws:iam::123456789012:user/carol", sts.getCallerIdentity().arn());
        }
        Run rotated = ok(home.binary("", "rotate", "carol-ops"));
        assertTrue(rotated.out().matches("Rotated the access key of IAM user carol: AKIA[A-Z0-9]{16} is in the vault, "
                + carol.accessKeyId() + " is deleted\\.\\n"), rotated.toString());
        // moto checks every signature now: the role is assumed only if the vault's new secret is right.
        Run cp = ok(home.binary("", "credential-process", "carol-ops"));
        assertTrue(cp.out().contains("\"SessionToken\""), cp.out());
        try (StsClient sts = sts(carol)) {
            // (The SDK v2 reads no error code from moto's auth refusals; botocore reads InvalidClientTokenId.)
            assertEquals(403, assertThrows(StsException.class, sts::getCallerIdentity).statusCode(),
                    "the old key, accepted before, is deleted");
        }
    }

    private static StsClient sts(AccessKey key) {
        return StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))).build();
    }

    @Test
    void rotateWithoutThePermissionNamesItAndKeepsTheKey() {
        ok(home.binary(dave.secretAccessKey() + "\n", "add", "dave", "--access-key-id", dave.accessKeyId(),
                "--secret-stdin"));
        Run run = home.binary("", "rotate", "dave");
        assertEquals(1, run.exit(), run.toString());
        // AWS says AccessDenied; the SDK v2 reads no code from moto's auth refusals, so "HTTP 403" here.
        assertTrue(run.err().matches("tokentray: profile 'dave': not allowed to call iam:CreateAccessKey"
                + " \\((AccessDenied|HTTP 403)\\); an administrator must allow it on your own IAM user\\n"), run.err());
        Run again = home.binary("", "rotate", "dave");
        assertEquals(run.err(), again.err(), "the same key is still there to try with");
    }
}
