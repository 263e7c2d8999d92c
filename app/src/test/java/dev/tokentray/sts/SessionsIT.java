package dev.tokentray.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.StsCheckingProxy.Issued;
import dev.tokentray.testing.StsCheckingProxy.Request;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.Totp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * unlock, credential-process, exec, export and clear through the real bin/tokentray, against
 * moto behind the MFA-checking proxy (its STS and IAM calls both: the proxy records which device,
 * code and key each call went with, and the roles require MFA), with the AWS CLI and boto3 as clients.
 */
class SessionsIT {
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin", "deploy", "audit");
    static final String adminArn = MfaWorld.roleArn("admin");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() throws IOException {
        home = world.home(tmp);
        Path mfaScript = tmp.resolve("mfa-code.py");
        Files.writeString(mfaScript, """
                import hmac, hashlib, struct, time, sys
                open(sys.argv[2], "a").write("asked\\n")
                h = hmac.new(bytes.fromhex(sys.argv[1]), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
                o = h[-1] & 15
                print("%06d" % ((struct.unpack(">I", h[o:o+4])[0] & 0x7fffffff) % 1000000))
                """);
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile alice-auto]\nmfa_serial = " + world.serial + "\nmfa_process = python3 " + mfaScript + " "
                + HexFormat.of().formatHex(world.seed) + " " + tmp.resolve("mfa-asked") + "\n"
                + "[profile admin]\nrole_arn = " + adminArn + "\nsource_profile = alice\n"
                + "[profile admin-eu]\nrole_arn = " + adminArn + "\nsource_profile = alice\nregion = eu-west-1\n"
                + "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = alice\n"
                + "external_id = partner-42\n"
                + "[profile no-serial]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = alice-bare\n"
                + "[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/audit\nsource_profile = admin\n"
                + "[profile long]\nrole_arn = arn:aws:iam::123456789012:role/audit\nsource_profile = alice\n"
                + "duration_seconds = 14400\n"
                + "[profile auto-admin]\nrole_arn = " + adminArn + "\nsource_profile = alice-auto\n"
                + "[profile wired]\ncredential_process = " + Project.root().resolve("bin/tokentray")
                + " credential-process admin\nregion = us-east-1\n");
        // alice-auto uses the same keys as alice, stored under its own name.
        world.addKeys(home, "alice");
        world.addKeys(home, "alice-auto");
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    private static Map<String, Object> json(String text) throws IOException {
        return JSON.std.mapFrom(text);
    }

    @Test
    void oneMfaCodeUnlocksEveryRoleChainedFromTheDevice() throws IOException {
        String code = world.proxy.currentCode(world.serial);
        Run admin = ok(home.binary("", "unlock", "admin", "--mfa-code", code));
        // The cached MFA session stands in for the keys: no password, no code.
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        Run deploy = ok(home.binary("", "unlock", "deploy"));
        Run chained = ok(home.binary("", "unlock", "chained"));
        Request mfa = world.proxy.only("GetSessionToken");
        assertEquals(List.of(world.serial, code, world.alice.accessKeyId()), List.of(mfa.serial(), mfa.code(),
                mfa.keyId()), "one MFA session, made from alice's keys with the code");
        assertEquals(List.of(code), world.proxy.acceptedCodes(), "one code");
        List<Request> roles = world.proxy.requests("AssumeRole");
        assertEquals(4, roles.size(), "admin, deploy, and admin -> audit: " + roles);
        String session = mfa.issued().accessKeyId();
        assertEquals(List.of(session, session, session, roles.get(2).issued().accessKeyId()),
                roles.stream().map(Request::keyId).toList(),
                "each role from the MFA session, audit from admin's session; none from the long-lived keys");
        assertTrue(roles.stream().allMatch(r -> r.accepted() && r.code() == null), "no code spent on a role: " + roles);
        assertTrue(admin.out().startsWith("Unlocked admin: session " + roles.get(0).issued().accessKeyId() + " until "),
                admin.out());
        assertTrue(deploy.out().startsWith("Unlocked deploy: session " + roles.get(1).issued().accessKeyId() + " until "),
                deploy.out());
        assertTrue(chained.out().startsWith("Unlocked chained: session " + roles.get(3).issued().accessKeyId()
                + " until "), chained.out());

        Map<String, Object> cp = json(ok(home.binary("", "credential-process", "chained")).out());
        assertEquals(1, cp.get("Version"));
        assertEquals(roles.get(3).issued().accessKeyId(), cp.get("AccessKeyId"), "audit's session");
        assertEquals(roles.get(3).issued().expiration().truncatedTo(ChronoUnit.SECONDS).toString(),
                cp.get("Expiration"));
        assertEquals(4, world.proxy.calls("AssumeRole"), "served from the cache");
    }

    /** audit's trust policy asks for MFA: the proxy refuses it without a valid code, as AWS would. */
    @Test
    void aRoleLongerThanTheChainingCapIsAssumedDirectlyWithMfa() throws IOException {
        String code = world.proxy.currentCode(world.serial);
        Run run = ok(home.binary("", "unlock", "long", "--mfa-code", code));
        assertEquals(0, world.proxy.calls("GetSessionToken"));
        Request assumed = world.proxy.only("AssumeRole");
        assertEquals(List.of(world.serial, code, world.alice.accessKeyId()), List.of(String.valueOf(assumed.serial()),
                String.valueOf(assumed.code()), assumed.keyId()), "from the long-lived keys, with the device and code: "
                + assumed);
        assertTrue(assumed.accepted(), assumed.toString());
        Map<String, Object> cp = json(ok(home.binary("", "credential-process", "long")).out());
        assertEquals(assumed.issued().accessKeyId(), cp.get("AccessKeyId"));
        Duration left = Duration.between(Instant.now(), Instant.parse((String) cp.get("Expiration")));
        assertTrue(left.compareTo(Duration.ofHours(3)) > 0, "4 h asked, " + left + " left: " + run.out());
    }

    @Test
    void theAwsCliAndBoto3GetTheAssumedRoleThroughCredentialProcess() {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        Map<String, String> env = new java.util.HashMap<>(home.envMap());
        env.remove("AWS_ENDPOINT_URL_STS");
        Run cli = ok(TestHome.process(List.of("aws", "sts", "get-caller-identity", "--profile", "wired",
                "--endpoint-url", world.moto.endpoint().toString(), "--output", "text", "--query", "Arn"), "", env));
        assertTrue(cli.out().strip().matches("arn:aws:sts::123456789012:assumed-role/admin/tokentray-alice"), cli.out());

        Run boto = ok(TestHome.process(List.of("python3", "-c",
                "import boto3; s = boto3.Session(profile_name='wired');"
                        + "print(s.client('sts', endpoint_url='" + world.moto.endpoint() + "').get_caller_identity()['Arn'])"),
                "", env));
        assertEquals("arn:aws:sts::123456789012:assumed-role/admin/tokentray-alice", boto.out().strip());
    }

    @Test
    void aWiredProfileServesTheAwsCli() {
        ok(home.binary("", "unlock", "deploy", "--mfa-code", world.proxy.currentCode(world.serial)));
        ok(home.binary("", "wire", "deploy"));
        Map<String, String> env = new java.util.HashMap<>(home.envMap());
        Run cli = ok(TestHome.process(List.of("aws", "sts", "get-caller-identity", "--profile", "deploy-tokentray",
                "--endpoint-url", world.moto.endpoint().toString(), "--output", "text", "--query", "Arn"), "", env));
        assertEquals("arn:aws:sts::123456789012:assumed-role/deploy/tokentray-alice", cli.out().strip());
    }

    @Test
    void withoutATerminalALockedProfileSaysHowToUnlockAndPrintsNothing() {
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        Run run = home.binary("", "credential-process", "admin");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out());
        assertEquals("tokentray: admin is locked: run `tokentray unlock admin`\n", run.err());
        assertEquals(0, world.proxy.calls("GetSessionToken") + world.proxy.calls("AssumeRole"));
    }

    @Test
    void thirtyTwoParallelShimsMakeOneCallChainWithOneCode() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Run>> runs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            runs.add(pool.submit(() -> home.binary("", "credential-process", "auto-admin")));
        }
        List<Object> keys = new ArrayList<>();
        for (Future<Run> f : runs) {
            keys.add(json(ok(f.get()).out()).get("AccessKeyId"));
        }
        pool.shutdown();
        Request assumed = world.proxy.only("AssumeRole");
        assertEquals(List.of(assumed.issued().accessKeyId()), keys.stream().distinct().toList(), "the one session");
        Request mfa = world.proxy.only("GetSessionToken");
        assertEquals(mfa.issued().accessKeyId(), assumed.keyId(), "the role from the MFA session");
        assertEquals(List.of(mfa.code()), world.proxy.acceptedCodes());
        assertEquals(1, Files.readAllLines(tmp.resolve("mfa-asked")).size(), "mfa_process ran once");
    }

    @Test
    void aCodeIsNeverSentTwiceAndARejectedCodeIsOneLine() {
        String code = world.proxy.currentCode(world.serial);
        ok(home.binary("", "unlock", "alice", "--mfa-code", code));
        ok(home.binary("", "clear"));
        Run again = home.binary("", "unlock", "alice", "--mfa-code", code);
        assertEquals(1, again.exit(), again.toString());
        assertEquals("", again.out());
        assertEquals("tokentray: profile 'alice': that MFA code was already sent to AWS and cannot be used twice;"
                + " wait for the next code and retry\n", again.err(), "a refused code is not repeated");
        assertEquals(1, world.proxy.calls("GetSessionToken"), "the reused code never reached AWS");

        String wrong = code.equals("000000") ? "111111" : "000000";
        Run rejected = home.binary("", "unlock", "deploy", "--mfa-code", wrong);
        assertEquals(1, rejected.exit());
        assertEquals("", rejected.out());
        assertEquals(wrong, world.proxy.requests("GetSessionToken").get(1).code(), "the typed code was sent");
        assertTrue(rejected.err().startsWith("tokentray: profile 'deploy': AWS rejected the MFA code"), rejected.err());
        assertEquals(1, rejected.err().lines().count());
        assertFalse(rejected.err().contains(wrong), "a rejected code is not repeated: " + rejected.err());
    }

    /** A session with 15 minutes or less left is never served: botocore would reject or loop on it. */
    @Test
    void aSessionInsideTheFifteenMinuteWindowIsNotServed() throws IOException {
        new dev.tokentray.cache.SessionCache(new dev.tokentray.cache.FileKeyringBackend(
                home.tokentrayHome().resolve("cache"))).put("profile:admin", new dev.tokentray.cache.Session(
                        "ASIASTALESTALESTALE1", "s", "t", Instant.now().plus(Duration.ofMinutes(14))));
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        Run stale = home.binary("", "credential-process", "admin");
        assertEquals(1, stale.exit(), "not served, and a refresh needs the user: " + stale);
        assertEquals("", stale.out(), "nothing on stdout for the AWS CLI to take");
        assertEquals("tokentray: admin is locked: run `tokentray unlock admin`\n", stale.err());
        home.set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
        Map<String, Object> fresh = json(ok(home.binary("", "credential-process", "admin", "--mfa-code",
                world.proxy.currentCode(world.serial))).out());
        assertEquals(world.proxy.only("AssumeRole").issued().accessKeyId(), fresh.get("AccessKeyId"), "a new session");
    }

    /** On a terminal, unlock asks for the vault password (echo off) and the MFA code there. */
    @Test
    void unlockAsksOnTheTerminal() throws Exception {
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock admin", home.envMap())) {
            pty.answer("Vault password: ", "vault-pw");
            pty.await("MFA code for " + world.serial + ": ");
            String code = world.proxy.currentCode(world.serial);
            pty.answer("MFA code for " + world.serial + ": ", code);
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("Unlocked admin: session "
                    + world.proxy.only("AssumeRole").issued().accessKeyId()), pty.screen());
            assertTrue(!pty.screen().contains("vault-pw"), "password echoed:\n" + pty.screen());
            assertEquals(List.of(code), world.proxy.acceptedCodes(), "the typed code");
            assertEquals(code, world.proxy.only("GetSessionToken").code());
        }
    }

    @Test
    void withoutMfaSerialTheDeviceIsLookedUpAndUsed() throws IOException {
        // alice's keys again, under a profile with no mfa_serial at all.
        world.addKeys(home, "alice-bare");
        Run locked = home.binary("", "unlock", "no-serial");
        assertEquals(1, locked.exit(), "the looked-up device needs a code: " + locked);
        assertEquals("", locked.out());
        assertEquals("tokentray: no-serial is locked: run `tokentray unlock no-serial`\n", locked.err());
        String code = world.proxy.currentCode(world.serial);
        ok(home.binary("", "unlock", "no-serial", "--mfa-code", code));
        List<Request> lookups = world.proxy.requests("ListMFADevices");
        assertEquals(List.of(world.alice.accessKeyId(), world.alice.accessKeyId()),
                lookups.stream().map(Request::keyId).toList(), "IAM asked with alice's keys, once a run: " + lookups);
        Request mfa = world.proxy.only("GetSessionToken");
        assertEquals(List.of(world.serial, code), List.of(String.valueOf(mfa.serial()), String.valueOf(mfa.code())),
                "the looked-up device and its code: " + mfa);
        assertEquals(List.of(code), world.proxy.acceptedCodes());
        assertEquals(mfa.issued().accessKeyId(), world.proxy.only("AssumeRole").keyId());
    }

    /**
     * mfa_process prints the same code for 30 s: a second unlock in the same step waits for the next
     * code, and says so. tokentray, its mfa_process and the proxy share a clock (libfaketime) pinned
     * to start half a second into a step, so the second unlock always lands in the first one's step.
     */
    @Test
    void aSecondUnlockInTheSameStepWaitsForTheNextCode() throws IOException {
        long now = System.currentTimeMillis();
        long step = (now / 30_000 + 1) * 30_000;
        Duration offset = Duration.ofMillis(step + 500 - now);
        world.proxy.clock(Clock.offset(Clock.systemUTC(), offset));
        ok(fakedTime(offset, "unlock", "alice-auto"));
        Instant firstEnded = Instant.now().plus(offset);
        ok(home.binary("", "clear"));
        // The second unlock's clock goes on from where the first one's stopped (clear's time left out).
        offset = Duration.between(Instant.now(), firstEnded);
        world.proxy.clock(Clock.offset(Clock.systemUTC(), offset));
        long started = System.nanoTime();
        Run again = ok(fakedTime(offset, "unlock", "alice-auto"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Instant nextStep = Instant.ofEpochMilli(step + 30_000);
        Matcher said = Pattern.compile("tokentray: profile 'alice-auto': that MFA code was already used; waiting"
                + " (\\d+) s for the next one\\n").matcher(again.err());
        assertTrue(said.matches(), "the wait is announced: " + again);
        long announced = Long.parseLong(said.group(1));
        long due = Duration.between(firstEnded, nextStep).toSeconds();
        assertTrue(announced >= 1 && announced <= due + 1, announced + " s announced, " + due + " s to the next step");
        assertTrue(took.toSeconds() >= announced - 1, "waited " + took + " of the " + announced + " s announced");

        List<Request> sessions = world.proxy.requests("GetSessionToken");
        assertEquals(2, sessions.size(), sessions.toString());
        assertEquals(Totp.code(world.seed, step / 1000), sessions.get(0).code(), "the first step's code");
        assertEquals(Totp.code(world.seed, nextStep.getEpochSecond()), sessions.get(1).code(), "the next step's code");
        assertNotEquals(sessions.get(0).code(), sessions.get(1).code());
        assertTrue(sessions.get(1).accepted(), sessions.get(1).toString());
        assertFalse(sessions.get(1).at().isBefore(nextStep), "not sent before the next step: " + sessions.get(1).at());
        assertTrue(sessions.get(1).at().isBefore(nextStep.plusSeconds(10)), "sent soon after the step began: "
                + sessions.get(1).at() + ", step " + nextStep);
        assertEquals(List.of("asked", "asked", "asked"), Files.readAllLines(tmp.resolve("mfa-asked")),
                "once for the first unlock, twice for the second");
    }

    /** bin/tokentray under libfaketime, its clock (and its children's) {@code offset} from the real one. */
    private Run fakedTime(Duration offset, String... args) {
        List<String> command = new ArrayList<>(List.of(Peers.require("faketime", "apt-get install faketime").toString(),
                "-f", String.format(Locale.ROOT, "%+.3f", offset.toMillis() / 1000.0),
                Project.root().resolve("bin/tokentray").toString()));
        command.addAll(List.of(args));
        return TestHome.process(command, "", home.envMap());
    }

    /**
     * libfaketime runs tokentray with its clock 3 minutes fast or slow, as after a bad sleep/resume:
     * AWS takes signatures up to 5 minutes off, so the session is made, and the skew is named.
     */
    @ParameterizedTest
    @CsvSource({"180, ahead of", "-180, behind"})
    void aSkewedClockIsNamedAsSuch(int skewSeconds, String direction) {
        String code = world.proxy.currentCode(world.serial);
        Run run = fakedTime(Duration.ofSeconds(skewSeconds), "unlock", "alice", "--mfa-code", code);
        assertEquals(0, run.exit(), run.toString());
        assertClockNamed(run.err(), "warning: ", skewSeconds, direction);
        assertTrue(world.proxy.only("GetSessionToken").accepted());
        assertEquals(List.of(code), world.proxy.acceptedCodes());
    }

    /**
     * Past AWS's 5 minutes STS refuses the signature ("Signature expired" / "not yet current"). With
     * the SDK's retries off (AWS_MAX_ATTEMPTS=1) that refusal is one line naming the clock, and the
     * code is not spent; by default the SDK signs again by the server's clock, so the session is
     * made with that same code, and the user gets one line naming the clock.
     */
    @ParameterizedTest
    @CsvSource({"600, ahead of, Signature not yet current: ", "-600, behind, Signature expired: "})
    void aClockSkewedPastWhatAwsTakesIsNamedInOneLine(int skewSeconds, String direction, String refusal) {
        String code = world.proxy.currentCode(world.serial);
        home.set("AWS_MAX_ATTEMPTS", "1");
        Run refused = fakedTime(Duration.ofSeconds(skewSeconds), "unlock", "alice", "--mfa-code", code);
        assertEquals(1, refused.exit(), refused.toString());
        assertEquals("", refused.out());
        assertClockNamed(refused.err(), "tokentray: ", skewSeconds, direction);
        assertTrue(world.proxy.only("GetSessionToken").refusal().startsWith(refusal), world.proxy.requests().toString());
        assertEquals(List.of(), world.proxy.acceptedCodes());

        home.set("AWS_MAX_ATTEMPTS", null);
        Run run = fakedTime(Duration.ofSeconds(skewSeconds), "unlock", "alice", "--mfa-code", code);
        assertEquals(0, run.exit(), run.toString());
        List<Request> calls = world.proxy.requests("GetSessionToken");
        assertEquals(3, calls.size(), calls.toString());
        assertTrue(calls.get(1).refusal().startsWith(refusal), calls.get(1).toString());
        assertTrue(calls.get(2).accepted(), calls.get(2).toString());
        assertEquals(List.of(code), world.proxy.acceptedCodes(), "the code the refused request carried");
        assertTrue(run.out().startsWith("Unlocked alice: session " + calls.get(2).issued().accessKeyId() + " "),
                run.out());
        assertClockNamed(run.err(), "warning: ", skewSeconds, direction);
    }

    /** stderr is the one line naming the clock's skew (within 5 s of {@code skewSeconds}) and which way. */
    private static void assertClockNamed(String stderr, String prefix, int skewSeconds, String direction) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "profile 'alice': this computer's clock is (\\d+) s "
                + direction + " AWS; set the clock \\(enable NTP sync\\) and retry\\n").matcher(stderr);
        assertTrue(m.matches(), stderr);
        assertTrue(Math.abs(Integer.parseInt(m.group(1)) - Math.abs(skewSeconds)) <= 5, stderr);
    }

    /**
     * exec hands its command every variable of the session STS issued, the profile's region (not the
     * caller's) and the profile's name, and no AWS_PROFILE; it returns the command's exit code.
     * serve's command gets the endpoint, the region and the profile's name. export prints the same session.
     */
    @Test
    void execPassesTheSessionAndTheExitCodeAndExportPrintsIt() throws IOException {
        ok(home.binary("", "unlock", "admin-eu", "--mfa-code", world.proxy.currentCode(world.serial)));
        Issued issued = world.proxy.only("AssumeRole").issued();
        String expiration = issued.expiration().truncatedTo(ChronoUnit.SECONDS).toString();
        home.set("AWS_PROFILE", "admin").set("AWS_REGION", "us-east-1").set("AWS_DEFAULT_REGION", "ap-south-1")
                .set("TOKENTRAY_PROFILE", "stale");
        Path execEnv = tmp.resolve("exec-env");
        Run exec = home.binary("", "exec", "admin-eu", "--", "sh", "-c", "env -0 > " + execEnv + "; echo ran; exit 7");
        assertEquals(7, exec.exit(), exec.toString());
        assertEquals("ran\n", exec.out(), "the command's own output, nothing else");
        assertEquals("", exec.err());
        Map<String, String> env = childEnv(execEnv);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("AWS_ACCESS_KEY_ID", issued.accessKeyId());
        expected.put("AWS_SECRET_ACCESS_KEY", issued.secretAccessKey());
        expected.put("AWS_SESSION_TOKEN", issued.sessionToken());
        expected.put("AWS_CREDENTIAL_EXPIRATION", expiration);
        expected.put("AWS_REGION", "eu-west-1");
        expected.put("AWS_DEFAULT_REGION", "eu-west-1");
        expected.put("TOKENTRAY_PROFILE", "admin-eu");
        expected.forEach((name, value) -> assertEquals(value, env.get(name), name));
        assertFalse(env.containsKey("AWS_PROFILE"), "AWS_PROFILE unset: " + env.get("AWS_PROFILE"));

        Path serveEnv = tmp.resolve("serve-env");
        Run serve = ok(home.binary("", "serve", "admin-eu", "--", "sh", "-c", "env -0 > " + serveEnv));
        assertEquals("", serve.out());
        Map<String, String> served = childEnv(serveEnv);
        assertEquals("admin-eu", served.get("TOKENTRAY_PROFILE"));
        assertEquals("eu-west-1", served.get("AWS_REGION"));
        assertEquals("eu-west-1", served.get("AWS_DEFAULT_REGION"));
        assertTrue(served.get("AWS_CONTAINER_CREDENTIALS_FULL_URI").matches("http://127\\.0\\.0\\.1:\\d+/credentials"),
                served.toString());
        assertFalse(served.containsKey("AWS_PROFILE"));
        assertEquals(1, world.proxy.calls("AssumeRole"), "exec and serve used the cached session");

        home.set("TOKENTRAY_PROFILE", null);
        StringBuilder exports = new StringBuilder();
        expected.forEach((name, value) -> {
            if (!name.equals("TOKENTRAY_PROFILE")) {
                exports.append("export ").append(name).append("='").append(value).append("'\n");
            }
        });
        assertEquals(exports.toString(), ok(home.binary("", "export", "admin-eu")).out());
        assertEquals("[admin-eu]\naws_access_key_id = " + issued.accessKeyId() + "\naws_secret_access_key = "
                        + issued.secretAccessKey() + "\naws_session_token = " + issued.sessionToken() + "\nregion = eu-west-1\n",
                ok(home.binary("", "export", "admin-eu", "--format", "ini")).out());
        assertEquals(Map.of("Version", 1, "AccessKeyId", issued.accessKeyId(), "SecretAccessKey",
                        issued.secretAccessKey(), "SessionToken", issued.sessionToken(), "Expiration", expiration),
                json(ok(home.binary("", "export", "admin-eu", "--format", "json")).out()));

        // With the MFA session under it too: else a new role session would come from that, asking nothing.
        ok(home.binary("", "clear", "admin-eu", "--mfa-session"));
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        Run cleared = home.binary("", "export", "admin-eu");
        assertEquals(1, cleared.exit(), "cleared: a new session is needed: " + cleared);
        assertEquals("", cleared.out());
        assertEquals("tokentray: no terminal to ask for the vault password; pass --password-stdin or set"
                + " TOKENTRAY_VAULT_PASSWORD\n", cleared.err());
    }

    /** What a child wrote with {@code env -0}. */
    private static Map<String, String> childEnv(Path file) throws IOException {
        assertTrue(Files.exists(file), "the command never ran: no " + file);
        Map<String, String> env = new HashMap<>();
        for (String entry : Files.readString(file).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void writeCredentialsServesToolsThatReadOnlyTheFileAndIsRenewedAndRemovedKeepingEveryOtherByte()
            throws IOException {
        String original = "# my own keys\r\n[other]\r\naws_access_key_id = AKIAOTHEROTHEROTHER1\r\n"
                + "aws_secret_access_key = other-secret\r\n";
        home.credentials(original);
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        Run written = ok(home.binary("", "write-credentials", "admin"));
        assertTrue(written.out().matches("Wrote admin's session to ~/\\.aws/credentials as \\[admin-session\\], until"
                + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ; use it with AWS_PROFILE=admin-session, remove it with"
                + " `tokentray clear admin`\\.\\n"), written.out());
        String file = Files.readString(home.credentialsFile());
        assertTrue(file.startsWith(original + "\r\n[admin-session]\r\naws_access_key_id = ASIA"), file);
        String firstKey = sectionKey(file);

        // The AWS CLI with nothing but the file: no credential_process, no tokentray.
        Map<String, String> env = new java.util.HashMap<>(home.envMap());
        env.remove("AWS_ENDPOINT_URL_STS");
        Run cli = ok(TestHome.process(List.of("aws", "sts", "get-caller-identity", "--profile", "admin-session",
                "--endpoint-url", world.moto.endpoint().toString(), "--output", "text", "--query", "Arn"), "", env));
        assertEquals("arn:aws:sts::123456789012:assumed-role/admin/tokentray-alice", cli.out().strip());
        String list = ok(home.binary("", "list")).out();
        assertTrue(list.lines().anyMatch(l -> l.strip().startsWith("admin-session ")
                        && l.contains("session of admin (credentials file)")),
                "list tells the written session from keys:\n" + list);

        // A new session of admin, from any face, is written over the old one where it stands.
        ok(home.binary("", "unlock", "admin"));
        String renewed = Files.readString(home.credentialsFile());
        assertTrue(renewed.startsWith(original + "\r\n[admin-session]\r\n"), renewed);
        assertNotEquals(firstKey, sectionKey(renewed));
        assertEquals(key(ok(home.binary("", "credential-process", "admin")).out()), sectionKey(renewed));

        // Sections tokentray did not write, and profiles the CLI would resolve itself, are refused.
        Run theirs = home.binary("", "write-credentials", "admin", "--as", "other");
        assertEquals(1, theirs.exit(), theirs.toString());
        assertEquals("", theirs.out());
        assertEquals("tokentray: ~/.aws/credentials already has a [other] that tokentray did not write; pick another"
                + " name with --as\n", theirs.err());
        Run role = home.binary("", "write-credentials", "admin", "--as", "admin");
        assertEquals(1, role.exit(), role.toString());
        assertEquals("", role.out());
        assertTrue(role.err().startsWith("tokentray: profile 'admin' has role_arn in ~/.aws/config, which the AWS CLI"
                + " would use before keys in the credentials file"), role.err());
        assertEquals(renewed, Files.readString(home.credentialsFile()), "nothing written by the refusals");

        ok(home.binary("", "clear", "admin"));
        assertEquals(original, Files.readString(home.credentialsFile()), "clear gives back the user's own bytes");
    }

    private static String sectionKey(String credentials) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[admin-session\\]\\r\\naws_access_key_id = (\\w+)")
                .matcher(credentials);
        assertTrue(m.find(), credentials);
        return m.group(1);
    }

    private static String key(String credentialProcessJson) throws IOException {
        return (String) json(credentialProcessJson).get("AccessKeyId");
    }

    @Test
    void aSigtermToExecReachesTheCommandAndNothingIsOrphaned() throws Exception {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        Path pidFile = tmp.resolve("child.pid");
        Path trapLog = tmp.resolve("child.log");
        List<String> command = List.of(Project.root().resolve("bin/tokentray").toString(), "exec", "admin", "--",
                "sh", "-c", "echo $$ > " + pidFile + "; trap 'echo got-term > " + trapLog
                        + "; exit 0' TERM; while true; do sleep 0.1; done");
        try (ManagedProcess exec = ManagedProcess.start("exec", command, home.envMap(), tmp)) {
            for (int i = 0; i < 300 && !Files.exists(pidFile); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(pidFile), "the command started: " + exec.logText());
            long child = Long.parseLong(Files.readString(pidFile).trim());
            exec.process().destroy(); // SIGTERM to tokentray's JVM, as a terminal closing or a supervisor would
            assertTrue(exec.process().waitFor(20, TimeUnit.SECONDS), exec.logText());
            assertEquals(143, exec.process().exitValue(), "128 + SIGTERM, as a shell reports it: " + exec.logText());
            assertEquals("got-term\n", Files.readString(trapLog), "the command was told to stop");
            assertTrue(ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true), "the command is gone");
        }
    }
}
