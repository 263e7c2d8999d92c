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
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * unlock, credential-process, exec, export and clear through the real bin/tokentray, against
 * moto behind the MFA-checking proxy, with the AWS CLI and boto3 as clients.
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
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        // The cached MFA session stands in for the keys: no password, no code.
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        ok(home.binary("", "unlock", "deploy"));
        ok(home.binary("", "unlock", "chained"));
        assertEquals(1, world.proxy.calls("GetSessionToken"), "one MFA session");
        assertEquals(1, world.proxy.acceptedCodes().size(), "one code");
        assertEquals(4, world.proxy.calls("AssumeRole"), "admin, deploy, and admin -> audit");

        Map<String, Object> cp = json(ok(home.binary("", "credential-process", "chained")).out());
        assertEquals(1, cp.get("Version"));
        assertTrue(((String) cp.get("Expiration")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), cp.toString());
        assertEquals(4, world.proxy.calls("AssumeRole"), "served from the cache");
    }

    @Test
    void aRoleLongerThanTheChainingCapIsAssumedDirectlyWithMfa() throws IOException {
        Run run = ok(home.binary("", "unlock", "long", "--mfa-code", world.proxy.currentCode(world.serial)));
        assertEquals(0, world.proxy.calls("GetSessionToken"));
        assertEquals(1, world.proxy.calls("AssumeRole"));
        Map<String, Object> cp = json(ok(home.binary("", "credential-process", "long")).out());
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
        assertEquals(1, keys.stream().distinct().count(), keys.toString());
        assertEquals(1, world.proxy.calls("GetSessionToken"));
        assertEquals(1, world.proxy.calls("AssumeRole"));
        assertEquals(1, world.proxy.acceptedCodes().size());
        assertEquals(1, Files.readAllLines(tmp.resolve("mfa-asked")).size(), "mfa_process ran once");
    }

    @Test
    void aCodeIsNeverSentTwiceAndARejectedCodeIsOneLine() {
        String code = world.proxy.currentCode(world.serial);
        ok(home.binary("", "unlock", "alice", "--mfa-code", code));
        ok(home.binary("", "clear"));
        Run again = home.binary("", "unlock", "alice", "--mfa-code", code);
        assertEquals(1, again.exit(), again.toString());
        assertEquals("tokentray: profile 'alice': that MFA code was already sent to AWS and cannot be used twice;"
                + " wait for the next code and retry\n", again.err(), "a refused code is not repeated");
        assertEquals(1, world.proxy.calls("GetSessionToken"), "the reused code never reached AWS");

        String wrong = code.equals("000000") ? "111111" : "000000";
        Run rejected = home.binary("", "unlock", "deploy", "--mfa-code", wrong);
        assertEquals(1, rejected.exit());
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
        home.set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
        Map<String, Object> fresh = json(ok(home.binary("", "credential-process", "admin", "--mfa-code",
                world.proxy.currentCode(world.serial))).out());
        assertTrue(!fresh.get("AccessKeyId").equals("ASIASTALESTALESTALE1"), fresh.toString());
    }

    /** On a terminal, unlock asks for the vault password (echo off) and the MFA code there. */
    @Test
    void unlockAsksOnTheTerminal() throws Exception {
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock admin", home.envMap())) {
            pty.answer("Vault password: ", "vault-pw");
            pty.await("MFA code for " + world.serial + ": ");
            pty.answer("MFA code for " + world.serial + ": ", world.proxy.currentCode(world.serial));
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("Unlocked admin: session ASIA"), pty.screen());
            assertTrue(!pty.screen().contains("vault-pw"), "password echoed:\n" + pty.screen());
        }
        assertEquals(1, world.proxy.acceptedCodes().size());
    }

    /** libfaketime runs tokentray with its clock 5 minutes fast, as after a bad sleep/resume. */
    @Test
    void withoutMfaSerialTheDeviceIsLookedUpAndUsed() throws IOException {
        // alice's keys again, under a profile with no mfa_serial at all.
        world.addKeys(home, "alice-bare");
        Run locked = home.binary("", "unlock", "no-serial");
        assertEquals(1, locked.exit(), "the looked-up device needs a code: " + locked);
        ok(home.binary("", "unlock", "no-serial", "--mfa-code", world.proxy.currentCode(world.serial)));
        assertEquals(1, world.proxy.calls("GetSessionToken"));
        assertEquals(1, world.proxy.acceptedCodes().size(), "the code was checked against the looked-up device");
    }

    /** mfa_process prints the same code for 30 s: a second unlock waits for the next code, and says so. */
    @Test
    void aSecondUnlockInTheSameStepWaitsForTheNextCode() throws IOException {
        ok(home.binary("", "unlock", "alice-auto"));
        ok(home.binary("", "clear"));
        long start = System.nanoTime();
        Run again = ok(home.binary("", "unlock", "alice-auto"));
        long waited = (System.nanoTime() - start) / 1_000_000_000L;
        if (world.proxy.acceptedCodes().size() == 2 && again.err().isEmpty()) {
            return; // the step changed between the two unlocks: nothing to wait for
        }
        assertTrue(again.err().matches("tokentray: profile 'alice-auto': that MFA code was already used; waiting"
                + " \\d+ s for the next one\\n"), again.err());
        assertEquals(2, world.proxy.acceptedCodes().size());
        assertTrue(waited <= 35, waited + " s");
    }

    @Test
    void aSkewedClockIsNamedAsSuch() {
        List<String> command = List.of(Peers.require("faketime", "apt-get install faketime").toString(), "-f", "+5m",
                Project.root().resolve("bin/tokentray").toString(), "unlock", "alice", "--mfa-code",
                world.proxy.currentCode(world.serial));
        Run run = TestHome.process(command, "", home.envMap());
        // moto accepts the skewed signature (real AWS refuses past 5 minutes): the session is
        // kept, and the skew is named.
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().matches("warning: profile 'alice': this computer's clock is 3\\d\\d s ahead of AWS;"
                + " set the clock \\(enable NTP sync\\) and retry\\n"), run.err());
    }

    @Test
    void execPassesTheSessionAndTheExitCodeAndExportPrintsIt() throws IOException {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        String key = (String) json(ok(home.binary("", "credential-process", "admin")).out()).get("AccessKeyId");
        Run exec = home.set("AWS_PROFILE", "admin").binary("", "exec", "admin", "--", "sh", "-c",
                "echo \"$AWS_ACCESS_KEY_ID ${AWS_PROFILE:-unset} $AWS_REGION $AWS_CREDENTIAL_EXPIRATION\"; exit 7");
        assertEquals(7, exec.exit(), exec.toString());
        assertTrue(exec.out().matches(key + " unset us-east-1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\n"), exec.out());

        String env = ok(home.binary("", "export", "admin")).out();
        assertTrue(env.startsWith("export AWS_ACCESS_KEY_ID='" + key + "'\n"), env);
        String ini = ok(home.binary("", "export", "admin", "--format", "ini")).out();
        assertTrue(ini.startsWith("[admin]\naws_access_key_id = " + key + "\n"), ini);
        assertEquals(key, json(ok(home.binary("", "export", "admin", "--format", "json")).out()).get("AccessKeyId"));

        ok(home.binary("", "clear", "admin"));
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        assertEquals(1, home.binary("", "export", "admin").exit(), "cleared: a new session is needed");
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
        assertEquals("tokentray: ~/.aws/credentials already has a [other] that tokentray did not write; pick another"
                + " name with --as\n", theirs.err());
        Run role = home.binary("", "write-credentials", "admin", "--as", "admin");
        assertEquals(1, role.exit(), role.toString());
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
