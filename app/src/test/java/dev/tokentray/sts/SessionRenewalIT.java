package dev.tokentray.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.StsCheckingProxy.Request;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a renewal keeps and what clear ends, through the real bin/tokentray against moto behind the
 * MFA-checking proxy (which records the DurationSeconds of every STS call).
 */
class SessionRenewalIT {
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin", "deploy", "audit");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() {
        home = world.home(tmp);
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = " + MfaWorld.roleArn("admin") + "\nsource_profile = alice\n"
                + "[profile deploy]\nrole_arn = " + MfaWorld.roleArn("deploy") + "\nsource_profile = alice\n"
                + "[profile long]\nrole_arn = " + MfaWorld.roleArn("audit") + "\nsource_profile = alice\n"
                + "duration_seconds = 14400\n");
        world.addKeys(home, "alice");
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    /** The device's code once it differs from every code already taken, as a person would wait for it. */
    private static String unusedCode() throws InterruptedException {
        for (int i = 0; i < 70; i++) {
            String code = world.proxy.currentCode(world.serial);
            if (!world.proxy.acceptedCodes().contains(code)) {
                return code;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the MFA device showed no new code in 35 s");
    }

    private static List<Integer> assumedDurations() {
        return world.proxy.requests("AssumeRole").stream().map(Request::durationSeconds).toList();
    }

    private String keyServed(Run run) throws IOException {
        Map<String, Object> json = JSON.std.mapFrom(ok(run).out());
        return (String) json.get("AccessKeyId");
    }

    /** bin/tokentray under libfaketime, its clock {@code offset} ahead of the real one (and the proxy's with it). */
    private Run later(Duration offset, String... args) {
        world.proxy.clock(Clock.offset(Clock.systemUTC(), offset));
        List<String> command = new ArrayList<>(List.of(Peers.require("faketime", "apt-get install faketime").toString(),
                "-f", String.format(Locale.ROOT, "%+.3f", offset.toMillis() / 1000.0),
                Project.root().resolve("bin/tokentray").toString()));
        command.addAll(List.of(args));
        try {
            return TestHome.process(command, "", home.envMap());
        } finally {
            world.proxy.clock(Clock.systemUTC());
        }
    }

    /**
     * `unlock admin --duration 15m` makes a 15-minute session; the shim serves it (a 15-minute
     * session is always inside botocore's 15-minute window, so it must not count as stale at once)
     * and, 12 minutes on, renews it for 15 minutes again, not for the role's hour. An unlock
     * without --duration goes back to the profile's own length.
     */
    @Test
    void theShimServesAFifteenMinuteSessionAndRenewsItForFifteenMinutes() throws IOException {
        home.set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
        ok(home.binary("", "unlock", "admin", "--duration", "15m", "--mfa-code", world.proxy.currentCode(world.serial)));
        assertEquals(List.of(900), assumedDurations());
        String made = world.proxy.only("AssumeRole").issued().accessKeyId();

        assertEquals(made, keyServed(home.binary("", "credential-process", "admin")),
                "served right after the unlock");
        assertEquals(1, world.proxy.calls("AssumeRole"), "no new session for a 15-minute one just made");

        String renewed = keyServed(later(Duration.ofMinutes(12), "credential-process", "admin"));
        assertEquals(List.of(900, 900), assumedDurations(), "12 minutes on, renewed for the 15 minutes asked");
        assertEquals(world.proxy.requests("AssumeRole").get(1).issued().accessKeyId(), renewed);
        assertEquals(1, world.proxy.calls("GetSessionToken"), "from the cached MFA session: no code");

        ok(home.binary("", "unlock", "admin"));
        assertEquals(3600, assumedDurations().get(2), "an unlock without --duration: the profile's own hour");
    }

    /**
     * As in aws-vault, `clear ROLE` ends that role's session only: the MFA session every role
     * chains from stays (said, with how to end it), so the next role needs no new code.
     * `clear` on the profile whose session is the MFA session, or with --mfa-session, ends it and
     * says which profiles then need a code.
     */
    @Test
    void clearEndsTheNamedProfilesSessionOnlyAndSaysWhatElseEnds() throws InterruptedException {
        ok(home.binary("", "unlock", "admin", "--mfa-code", world.proxy.currentCode(world.serial)));
        ok(home.binary("", "unlock", "deploy"));

        Run cleared = ok(home.binary("", "clear", "admin"));
        assertEquals("Cleared the cached session of admin.\nThe MFA session of " + world.serial
                + " stays, so admin, alice and deploy renew without a new code; `tokentray clear admin --mfa-session`"
                + " ends it too.\n", cleared.out());
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        ok(home.binary("", "unlock", "admin"));
        assertEquals(1, world.proxy.calls("GetSessionToken"), "admin again from the MFA session, without a code");

        Run withMfa = ok(home.binary("", "clear", "admin", "--mfa-session"));
        assertEquals("Cleared the cached session of admin.\nEnded the MFA session of " + world.serial
                + ": the next new session of admin, alice or deploy needs a new code.\n", withMfa.out());
        Run locked = home.binary("", "unlock", "admin");
        assertEquals(1, locked.exit(), locked.toString());

        home.set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
        ok(home.binary("", "unlock", "admin", "--mfa-code", unusedCode()));
        Run base = ok(home.binary("", "clear", "alice"));
        assertEquals("Ended the MFA session of " + world.serial + " (alice's own session): the next new session of"
                + " admin, alice or deploy needs a new code.\n", base.out());

        Run all = ok(home.binary("", "clear"));
        assertEquals("Cleared the cached sessions of admin, deploy.\n", all.out(), "the MFA session was ended already");
    }

    /**
     * A role longer than the 1-hour cap on chained roles is assumed straight from the keys with MFA,
     * so it takes a code of its own even while the MFA session is fresh: the prompt says why.
     */
    @Test
    void aSecondCodeSaysWhy() throws Exception {
        String first = world.proxy.currentCode(world.serial);
        ok(home.binary("", "unlock", "admin", "--mfa-code", first));
        try (PtySession pty = new PtySession(Project.root().resolve("bin/tokentray") + " unlock long", home.envMap())) {
            String prompt = "MFA code for " + world.serial + ": ";
            pty.await(prompt);
            assertTrue(pty.screen().replace("\r", "").contains("A second code: long is assumed directly with MFA for its 4h, which a"
                    + " role chained from the MFA session cannot get (1h at most).\n" + prompt), pty.screen());
            pty.answer(prompt, unusedCode());
            assertEquals(0, pty.waitForExit(), pty.screen());
        }
        Request longRole = world.proxy.requests("AssumeRole").get(1);
        assertEquals(List.of(world.serial, "14400"), List.of(String.valueOf(longRole.serial()),
                String.valueOf(longRole.durationSeconds())), "long, straight from the keys with its own code: " + longRole);
        assertEquals(2, world.proxy.acceptedCodes().size(), world.proxy.acceptedCodes().toString());
    }
}
