package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.config.KeySource;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.mfa.FixedMfaCode;
import dev.tokentray.mfa.MfaCodeSource;
import dev.tokentray.sts.AccessKeyPair;
import dev.tokentray.sts.SessionMaker;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.MovableClock;
import dev.tokentray.testing.StsCheckingProxy.Request;
import dev.tokentray.testing.TestHome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a session lasts when it is renewed, and when it is renewed, over the real engine, moto
 * and the MFA-checking proxy, with a clock the test moves: a session made with {@code --duration
 * 15m} is served and left alone until near its own end, then renewed for 15 minutes again.
 */
class SessionLengthTest {
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");

    @TempDir
    Path tmp;
    MovableClock clock;
    Tokentray engine;
    UnlockedState state;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestHome home = world.home(tmp).config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = " + MfaWorld.roleArn("admin") + "\nsource_profile = alice\n");
        clock = new MovableClock(Instant.now());
        engine = new Tokentray(home.env(), TestHome.FAST_KDF, clock, warnings::add);
        engine.addKeys("alice", world.alice.accessKeyId(), world.alice.secretAccessKey().toCharArray(),
                "vault-pw".toCharArray());
        state = new UnlockedState(engine, warnings::add);
        state.open("vault-pw".toCharArray());
    }

    /** What `tokentray unlock admin --duration 15m --mfa-code C` asks of the engine. */
    private Session unlockFor(Duration duration) {
        String code = world.proxy.currentCode(world.serial);
        return engine.unlock("admin", duration, new SessionMaker.Inputs() {
            @Override
            public AccessKeyPair keys(KeySource source) {
                return engine.loadKeys(source, "vault-pw"::toCharArray);
            }

            @Override
            public MfaCodeSource mfa(ProfilePlan plan) {
                return new FixedMfaCode(code);
            }
        });
    }

    private List<Integer> assumedDurations() {
        return world.proxy.requests("AssumeRole").stream().map(Request::durationSeconds).toList();
    }

    private List<ExpiryWatch.Kind> due(ExpiryWatch watch) {
        return watch.check(engine.overview(), clock.instant(), Settings.DEFAULTS).stream()
                .filter(e -> e.profile().equals("admin")).map(ExpiryWatch.Event::kind).toList();
    }

    @Test
    void aFifteenMinuteSessionIsServedAndLeftAloneUntilNearItsOwnEnd() {
        Session made = unlockFor(Duration.ofMinutes(15));
        assertEquals(List.of(900), assumedDurations(), "the 15 minutes asked for");
        ExpiryWatch watch = new ExpiryWatch();

        clock.advance(Duration.ofMinutes(1));
        assertEquals(made.accessKeyId(), state.quiet("admin", false).accessKeyId(),
                "a minute later the shim's and the agent's session is still the one just made");
        assertEquals(List.of(), due(watch), "nothing to renew a minute after unlocking");

        clock.advance(Duration.ofMinutes(9));
        assertEquals(List.of(), due(watch), "10 of 15 minutes gone: still nothing");
        assertEquals(1, world.proxy.calls("AssumeRole"), "no STS call while the session is young");

        clock.advance(Duration.ofMinutes(1).plusSeconds(15));
        assertEquals(List.of(ExpiryWatch.Kind.RENEW), due(watch),
                "renewed in its last 17/60 (4m15s of 15 minutes), as an hour-long one is 17 minutes before its end");
    }

    @Test
    void aRenewalKeepsTheDurationTheSessionWasMadeWith() {
        unlockFor(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(11));
        state.quiet("admin", true);
        assertEquals(List.of(900, 900), assumedDurations(), "renewed for the 15 minutes asked, not the role's hour");

        unlockFor(null);
        assertEquals(3600, assumedDurations().get(2), "an unlock without --duration: the profile's own hour");
        clock.advance(Duration.ofMinutes(50));
        state.quiet("admin", true);
        assertEquals(3600, assumedDurations().get(3), "and that is what its renewals keep");
    }

    @Test
    void theRowSaysWhenAndWhyTheSessionWasRenewedAndWhatWasAsked() {
        unlockFor(Duration.ofMinutes(15));
        ProfileStatus fresh = row();
        assertEquals(Duration.ofMinutes(15), fresh.sessionLength());
        assertEquals(Duration.ofMinutes(15), fresh.requestedDuration());
        assertEquals(null, fresh.renewedAt(), "a first unlock is no renewal");
        assertEquals("15m session, as asked", fresh.renewalNote(java.time.ZoneOffset.UTC));

        clock.advance(Duration.ofMinutes(11));
        Instant renewedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        state.renewAhead("admin");
        ProfileStatus renewed = row();
        assertEquals(renewedAt, renewed.renewedAt());
        String hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(java.time.ZoneOffset.UTC)
                .format(renewedAt);
        assertEquals("renewed " + hhmm + " (ahead of expiry) · 15m session, as asked",
                renewed.renewalNote(java.time.ZoneOffset.UTC));

        clock.advance(Duration.ofMinutes(1));
        state.quiet("admin", true);
        assertTrue(row().renewalNote(java.time.ZoneOffset.UTC).contains("(on request)"),
                row().renewalNote(java.time.ZoneOffset.UTC));
    }

    private ProfileStatus row() {
        return engine.overview().stream().filter(r -> r.profile().equals("admin")).findFirst().orElseThrow();
    }
}
