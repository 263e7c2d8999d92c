package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tokentray.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule for what a profile's row is (live, expiring, locked, needs keys, error) and what an
 * unlock of it asks, over a config like most people's: a base user with MFA, chained roles, a
 * region-only [default], a profile without keys, one with plaintext keys, a CI user without MFA.
 */
class ProfileStatusTest {
    static final String SERIAL = "arn:aws:iam::111122223333:mfa/alice";

    @TempDir
    Path tmp;

    private Map<String, ProfileStatus> overview() {
        TestHome home = new TestHome(tmp).config("[default]\nregion = eu-west-1\n"
                + "[profile alice]\nmfa_serial = " + SERIAL + "\n"
                + "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/admin\nsource_profile = alice\n"
                + "[profile deploy]\nrole_arn = arn:aws:iam::444455556666:role/deploy\nsource_profile = admin\n"
                + "[profile nokeys]\noutput = json\n"
                + "[profile on-default]\nrole_arn = arn:aws:iam::444455556666:role/x\nsource_profile = default\n"
                + "[profile loop]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = loop\nrole_session_name = x y\n"
                + "[profile yk]\nmfa_serial = " + SERIAL + "\nyubikey_serial = 12345678\nsource_profile = alice\n"
                + "role_arn = arn:aws:iam::111122223333:role/yk\n")
                .credentials("[plain]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n");
        Tokentray engine = new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), w -> { });
        engine.addKeys("alice", "AKIAIOSFODNN7EXAMPLE", "secret".toCharArray(), "pw".toCharArray());
        engine.addKeys("ci-bot", "AKIAIOSFODNN7EXAMPLF", "secret".toCharArray(), "pw".toCharArray());
        return engine.overview().stream().collect(Collectors.toMap(ProfileStatus::profile, Function.identity()));
    }

    @Test
    void aProfileWithoutKeysNeedsKeysAndIsNoError() {
        Map<String, ProfileStatus> rows = overview();
        Instant now = Instant.now();
        for (String p : List.of("default", "nokeys")) {
            ProfileStatus row = rows.get(p);
            assertEquals(ProfileStatus.State.NEEDS_KEYS, row.state(now), p + ": " + row);
            assertNull(row.error(), p + " is not an error");
            assertEquals(p, row.needsKeysOf(), "keys are added to " + p + " itself");
        }
        ProfileStatus onDefault = rows.get("on-default");
        assertEquals(ProfileStatus.State.NEEDS_KEYS, onDefault.state(now), onDefault.toString());
        assertEquals("default", onDefault.needsKeysOf(), "a role on a profile without keys needs keys there");
        assertEquals(ProfileStatus.State.ERROR, rows.get("loop").state(now), "a broken config is still an error");
        assertEquals(ProfileStatus.State.LOCKED, rows.get("admin").state(now));
    }

    @Test
    void liveExpiringAndExpiredFollowTheSessionsTimeLeft() {
        ProfileStatus admin = overview().get("admin");
        Instant now = Instant.now();
        List<ProfileStatus.State> states = new ArrayList<>();
        for (Duration left : List.of(Duration.ofMinutes(42), Duration.ofMinutes(9), Duration.ofSeconds(-1))) {
            states.add(new ProfileStatus(admin.profile(), false, admin.keys(), false, admin.roleArn(), admin.mfaSerial(),
                    null, now.plus(left), null).state(now));
        }
        assertEquals(List.of(ProfileStatus.State.LIVE, ProfileStatus.State.EXPIRING, ProfileStatus.State.LOCKED), states);
    }

    @Test
    void eachProfileSaysWhatItsUnlockReallyNeeds() {
        Map<String, ProfileStatus> rows = overview();
        assertEquals("the vault password", rows.get("ci-bot").needs().phrase());
        assertEquals("the vault password and an MFA code", rows.get("admin").needs().phrase());
        assertEquals("an MFA code", rows.get("admin").needs().given(true).phrase(), "the vault is open already");
        assertEquals("nothing", rows.get("plain").needs().phrase(), "plaintext keys, no MFA");
        assertEquals("the vault password and your YubiKey", rows.get("yk").needs().phrase());
        assertEquals("password + MFA code", rows.get("deploy").needs().brief());
        assertEquals("password", rows.get("ci-bot").needs().brief());
        assertEquals("YubiKey", rows.get("yk").needs().given(true).brief());
        assertEquals("The vault password renews the session before it runs out.",
                rows.get("ci-bot").needs().renewSentence());
        assertEquals("A new MFA code renews the session before it runs out.",
                rows.get("alice").needs().given(true).renewSentence());
        assertEquals("Your YubiKey renews the session before it runs out (touch it if it blinks).",
                rows.get("yk").needs().given(true).renewSentence());
        assertNull(rows.get("default").needs(), "nothing to unlock without keys");
    }

    /** A 15-minute session is not amber from its 5th minute: it turns amber at its share of the 10 minutes. */
    @Test
    void aShortSessionTurnsAmberAtItsShareOfTheTenMinutes() {
        Instant now = Instant.now();
        ProfileStatus.SessionMade quarterHour = new ProfileStatus.SessionMade(Duration.ofMinutes(15), Duration.ofMinutes(15),
                null, null);
        List<ProfileStatus.State> states = new ArrayList<>();
        for (Duration left : List.of(Duration.ofMinutes(9), Duration.ofSeconds(151), Duration.ofSeconds(150))) {
            states.add(new ProfileStatus("quick", false, "vault", false, null, null, null, now.plus(left), null)
                    .withSessionMade(quarterHour).state(now));
        }
        assertEquals(List.of(ProfileStatus.State.LIVE, ProfileStatus.State.LIVE, ProfileStatus.State.EXPIRING), states);
    }
}
