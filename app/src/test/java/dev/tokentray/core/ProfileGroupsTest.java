package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the window groups, orders and names the profiles (no AWS call: ARNs and the config only). */
class ProfileGroupsTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final String ALICE_MFA = "arn:aws:iam::111111111111:mfa/alice";

    private static ProfileStatus role(String name, String account, String roleName, Duration left, String alias) {
        return new ProfileStatus(name, false, "via acme-iam", false, "arn:aws:iam::" + account + ":role/team/" + roleName,
                ALICE_MFA, "eu-west-1", left == null ? null : NOW.plus(left), null)
                .withLineage(new ProfileStatus.Lineage(List.of(name, "acme-iam"), "vault", alias,
                        NOW.plus(Duration.ofHours(7).plusMinutes(51))));
    }

    private static ProfileStatus user(String name, String mfa) {
        return new ProfileStatus(name, false, "vault", false, null, mfa, null, null, null)
                .withLineage(new ProfileStatus.Lineage(List.of(name), "vault", null, null));
    }

    private static List<String> names(ProfileGroups.Group g) {
        return g.profiles().stream().map(ProfileStatus::profile).toList();
    }

    private final List<ProfileStatus> profiles = List.of(
            role("prod-deploy", "222222222222", "deploy", Duration.ofMinutes(42), null),
            role("prod-read", "222222222222", "read", null, "acme-prod"),
            role("dev-admin", "333333333333", "admin", Duration.ofMinutes(5), null),
            user("acme-iam", ALICE_MFA),
            user("ci", null),
            new ProfileStatus("broken", false, null, false, null, null, null, null, "source_profile loops"),
            new ProfileStatus("default", false, null, false, null, null, null, null, null, null, "default", null));

    @Test
    void groupsByTheAccountOfTheRoleOrTheMfaDeviceWithTheConfigsAliasBrokenFirstUnknownLastKeylessApart() {
        ProfileGroups.View view = ProfileGroups.of(profiles, "", ProfileGroups.Order.NAME, NOW);
        assertEquals(List.of("Needs attention", "111111111111", "333333333333", "acme-prod · 222222222222",
                        "Account not known (user keys without an MFA device)"),
                view.groups().stream().map(ProfileGroups.Group::title).toList());
        assertEquals(List.of("prod-deploy", "prod-read"), names(view.groups().get(3)));
        assertEquals(List.of("acme-iam"), names(view.groups().get(1)), "user keys: the account of the MFA device");
        assertEquals(List.of("default"), view.needKeys().stream().map(ProfileStatus::profile).toList());
        assertEquals("222222222222", view.groups().get(3).accountId());
        assertNull(view.groups().get(0).accountId());
    }

    @Test
    void eachGroupIsHeadedByTheMfaSessionItsProfilesChainFrom() {
        ProfileGroups.Group prod = ProfileGroups.of(profiles, "prod", ProfileGroups.Order.NAME, NOW).groups().get(0);
        assertEquals(1, prod.mfa().size());
        ProfileGroups.MfaHead head = prod.mfa().get(0);
        assertEquals("alice · MFA session 7h 51m", head.text(NOW));
        assertEquals("acme-iam", head.keyProfile(), "End clears the MFA session of the profile holding the keys");
        assertEquals("alice · no MFA session", head.text(NOW.plus(Duration.ofHours(8))));
    }

    @Test
    void byTimeLeftTheSoonestComesFirstInGroupsAndAmongThem() {
        ProfileGroups.View view = ProfileGroups.of(profiles, null, ProfileGroups.Order.TIME_LEFT, NOW);
        assertEquals(List.of("broken", "dev-admin", "prod-deploy", "prod-read", "acme-iam", "ci"),
                view.groups().stream().flatMap(g -> g.profiles().stream()).map(ProfileStatus::profile).toList());
    }

    @Test
    void theFilterMatchesNameRoleAccountAliasAndRegionInAnyCase() {
        assertEquals(List.of("prod-read"), flat(ProfileGroups.of(profiles, "ACME-PROD", ProfileGroups.Order.NAME, NOW)));
        assertEquals(List.of("dev-admin"), flat(ProfileGroups.of(profiles, "3333", ProfileGroups.Order.NAME, NOW)));
        assertEquals(List.of("prod-deploy"), flat(ProfileGroups.of(profiles, "deploy", ProfileGroups.Order.NAME, NOW)));
        assertEquals(List.of(), flat(ProfileGroups.of(profiles, "nothing-like-it", ProfileGroups.Order.NAME, NOW)));
    }

    private static List<String> flat(ProfileGroups.View view) {
        return view.groups().stream().flatMap(g -> g.profiles().stream()).map(ProfileStatus::profile).toList();
    }

    @Test
    void aRowSaysItsStateInAGlyphAndAWordItsRoleShortAndItsChainNewestFirst() {
        ProfileStatus deploy = profiles.get(0);
        assertEquals("deploy", Arn.name(deploy.roleArn()));
        assertEquals("prod-deploy ← acme-iam (vault) ← alice MFA", ProfileGroups.chain(deploy));
        assertEquals("ci (vault)", ProfileGroups.chain(profiles.get(4)));
        assertEquals("● live", ProfileGroups.stateText(deploy.state(NOW)));
        assertEquals("◔ expiring", ProfileGroups.stateText(profiles.get(2).state(NOW)));
        assertEquals("○ locked", ProfileGroups.stateText(profiles.get(1).state(NOW)));
        assertEquals("⚠ needs attention", ProfileGroups.stateText(profiles.get(5).state(NOW)));
    }

    @Test
    void theDurationAskedForIsShownAgainstTheOneMadeAndTheLastRenewalWithItsReason() {
        ProfileStatus asked = profiles.get(0).withSessionMade(new ProfileStatus.SessionMade(Duration.ofMinutes(15),
                Duration.ofMinutes(15), Instant.parse("2026-12-05T09:42:00Z"), Tokentray.AHEAD_OF_EXPIRY));
        assertEquals("asked 15m (renewals keep it) · made 15m", ProfileGroups.durationText(asked));
        assertEquals("09:42 (ahead of expiry)", ProfileGroups.lastRenewal(asked, ZoneOffset.UTC));
        ProfileStatus own = profiles.get(0).withSessionMade(new ProfileStatus.SessionMade(Duration.ofHours(1), null, null, null));
        assertEquals("profile's own length · made 1h", ProfileGroups.durationText(own));
        assertNull(ProfileGroups.lastRenewal(own, ZoneOffset.UTC));
        assertNull(ProfileGroups.durationText(profiles.get(1)), "nothing known of a session not there");
    }
}
