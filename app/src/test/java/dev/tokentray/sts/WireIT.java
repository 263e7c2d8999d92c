package dev.tokentray.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * `wire` for profiles whose names need quoting: a space (`[profile "my admin"]`, as botocore
 * reads it) and a shell operator. The wired profile serves the AWS CLI, boto3 and the Java SDK's
 * ProfileCredentialsProvider (which runs credential_process through `sh -c`), and nothing but the
 * shim ever runs.
 */
class WireIT {
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");
    static final String adminArn = MfaWorld.roleArn("admin");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() throws IOException {
        home = world.home(tmp);
        // The shim as the SDKs start it, from a folder whose name needs quotes too: a launcher that
        // runs bin/tokentray in this test's home whatever the environment of the process that runs it.
        Path launcher = Files.createDirectories(tmp.resolve("my tools")).resolve("tokentray");
        StringBuilder script = new StringBuilder("#!/bin/sh\nexec env");
        home.envMap().forEach((k, v) -> script.append(' ').append(k).append("='").append(v).append('\''));
        script.append(" '").append(Project.root().resolve("bin/tokentray")).append("' \"$@\"\n");
        Files.writeString(launcher, script);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        home.set("TOKENTRAY_LAUNCHER", launcher.toString());
        world.addKeys(home, "alice");
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private String expectedArn() {
        return "arn:aws:sts::123456789012:assumed-role/admin/tokentray-alice";
    }

    /** The caller the AWS CLI, boto3 and the Java SDK see through {@code wired}. */
    private void everyClientGetsTheRole(String wired) {
        Map<String, String> env = new HashMap<>(home.envMap());
        env.remove("AWS_ENDPOINT_URL_STS");
        Run cli = ok(TestHome.process(List.of("aws", "sts", "get-caller-identity", "--profile", wired,
                "--endpoint-url", world.moto.endpoint().toString(), "--output", "text", "--query", "Arn"), "", env));
        assertEquals(expectedArn(), cli.out().strip());

        Run boto = ok(TestHome.process(List.of("python3", "-c", "import boto3, sys; s = boto3.Session(profile_name=sys.argv[1]);"
                + "print(s.client('sts', endpoint_url=sys.argv[2]).get_caller_identity()['Arn'])", wired,
                world.moto.endpoint().toString()), "", env));
        assertEquals(expectedArn(), boto.out().strip());

        ProfileFile config = ProfileFile.builder().content(home.configFile()).type(ProfileFile.Type.CONFIGURATION).build();
        try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder().profileFile(config)
                .profileName(wired).build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            try (StsClient sts = StsClient.builder().endpointOverride(world.moto.endpoint()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(credentials)).build()) {
                assertEquals(expectedArn(), sts.getCallerIdentity().arn());
            }
        }
    }

    @Test
    void aProfileNameWithASpaceIsWiredForTheAwsCliBoto3AndTheJavaSdk() throws IOException {
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile \"my admin\"]\nrole_arn = " + adminArn + "\nsource_profile = alice\nregion = us-east-1\n");
        ok(home.binary("", "unlock", "my admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        Run wired = ok(home.cli("", "wire", "my admin"));
        assertTrue(wired.out().startsWith("Wired profile 'my-admin-tokentray'"), wired.out());
        String config = Files.readString(home.configFile());
        assertTrue(config.endsWith("\n[profile my-admin-tokentray]\ncredential_process = \"" + tmp.resolve("my tools")
                .resolve("tokentray") + "\" credential-process \"my admin\"\nregion = us-east-1\n"), config);
        everyClientGetsTheRole("my-admin-tokentray");
        // Wiring again changes nothing.
        assertTrue(ok(home.cli("", "wire", "my admin")).out().startsWith("Profile 'my-admin-tokentray' is already wired."));
        assertEquals(config, Files.readString(home.configFile()));
    }

    @Test
    void aProfileNameWithAShellOperatorRunsNothingButTheShim() throws IOException {
        Path marker = tmp.resolve("pwned");
        String profile = "x&touch " + marker;
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile \"" + profile + "\"]\nrole_arn = " + adminArn + "\nsource_profile = alice\nregion = us-east-1\n");
        ok(home.binary("", "unlock", profile, "--mfa-code", world.proxy.currentCode(world.serial)));
        ok(home.cli("", "wire", profile, "--as", "x-tokentray"));
        everyClientGetsTheRole("x-tokentray");
        assertFalse(Files.exists(marker), "a command in the profile name ran");
    }

    @Test
    void aNameNoQuotingMakesSafeIsRefusedInOneLine() throws IOException {
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile \"$(id)\"]\nrole_arn = " + adminArn + "\nsource_profile = alice\n");
        String before = Files.readString(home.configFile());
        Run refused = home.cli("", "wire", "$(id)", "--as", "id-tokentray");
        assertEquals(1, refused.exit(), refused.toString());
        assertEquals("tokentray: profile '$(id)' holds '$', which a credential_process command cannot hold for every"
                + " AWS tool alike (the AWS CLI, the SDKs' sh -c and cmd /C); rename the profile, keeping to letters,"
                + " digits, spaces and _@+=:,./-\n", refused.err());
        assertEquals(before, Files.readString(home.configFile()));
        Run badName = home.cli("", "wire", "alice", "--as", "alice wired");
        assertEquals(1, badName.exit(), badName.toString());
        assertTrue(badName.err().startsWith("tokentray: --as alice wired: a wired profile's name may hold only"),
                badName.err());
    }
}
