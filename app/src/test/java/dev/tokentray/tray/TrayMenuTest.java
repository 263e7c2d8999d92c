package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.ProfileStatus;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.testing.TestHome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrayMenuTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    final List<String> done = new ArrayList<>();
    final TrayMenu.Commands commands = new TrayMenu.Commands() {
        public void unlock(String p) {
            done.add("unlock " + p);
        }

        public void refresh(String p) {
            done.add("refresh " + p);
        }

        public void clear(String p) {
            done.add("clear " + p);
        }

        public void openConsole(String p) {
            done.add("console " + p);
        }

        public void openWindow() {
            done.add("open");
        }

        public void lockVault() {
            done.add("lock");
        }

        public void quit() {
            done.add("quit");
        }
    };

    static ProfileStatus row(String profile, Duration left, String error) {
        return new ProfileStatus(profile, false, "vault", false, null, null, null, left == null ? null : NOW.plus(left), error);
    }

    @Test
    void eachProfileShowsItsTimeLeftWithUnlockRefreshClearConsoleAndTheIconTakesTheMostUrgentState() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(185), null), row("prod", Duration.ofMinutes(8), null),
                row("old", null, null)), NOW, true, commands);
        assertEquals(TrayIcons.State.EXPIRING, view.state());
        List<String> labels = view.items().stream().map(i -> i.isSeparator() ? "---" : i.label().strip()).toList();
        assertEquals(List.of("dev  —  3h 05m", "prod  —  8m", "old  —  locked", "---", "Open window", "Lock vault", "Quit tokentray"), labels);
        view.items().get(1).children().forEach(i -> i.action().run());
        view.items().get(4).action().run();
        assertEquals(List.of("unlock prod", "refresh prod", "clear prod", "console prod", "open"), done);
        assertEquals("tokentray: 2 live · prod 8m · dev 3h 05m", view.tooltip(), "soonest first");
    }

    @Test
    void anUnreadableProfileMakesTheIconRedAndSaysWhyInItsSubmenu() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(50), null),
                row("loop", null, "~/.aws/config line 3: cycle")), NOW, false, commands);
        assertEquals(TrayIcons.State.ERROR, view.state());
        assertEquals("~/.aws/config line 3: cycle", view.items().get(1).children().get(0).label());
        assertTrue(view.items().stream().noneMatch(i -> "Lock vault".equals(i.label())), "nothing to lock");
    }

    /** A region-only [default] and a profile without keys, beside a live session. */
    private List<ProfileStatus> withProfilesWithoutKeys(Path dir) {
        TestHome home = new TestHome(dir).config("[default]\nregion = eu-west-1\n[profile nokeys]\noutput = json\n");
        Tokentray engine = new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), w -> { });
        engine.addKeys("dev", "AKIAIOSFODNN7EXAMPLE", "secret".toCharArray(), "pw".toCharArray());
        engine.sessionCache().put(SessionCache.profileKey("dev"), new Session("ASIAEXAMPLEEXAMPLE12", "s", "t",
                NOW.plus(Duration.ofMinutes(42))));
        return engine.overview();
    }

    @Test
    void profilesWithoutKeysAreNoErrorTheyWaitQuietlyInOneEntry(@TempDir Path dir) {
        List<ProfileStatus> rows = withProfilesWithoutKeys(dir);
        TrayMenu.View view = TrayMenu.build(rows, NOW, false, commands);
        assertEquals(TrayIcons.State.LIVE, view.state(), "the live session shows; profiles without keys are no error");
        assertEquals("tokentray: 1 live · dev 42m", view.tooltip());
        List<String> labels = view.items().stream().map(i -> i.isSeparator() ? "---" : i.label()).toList();
        assertEquals("2 profiles need keys…", labels.get(1), labels.toString());
        assertTrue(labels.stream().noneMatch(l -> l.startsWith("default") || l.startsWith("nokeys")), labels.toString());
        view.items().get(1).action().run();
        assertEquals(List.of("open"), done, "the entry opens the window, where Add keys… is");
        TrayMenu.View onlyDefault = TrayMenu.build(rows.stream()
                .filter(r -> r.needsKeysOf() != null).toList(), NOW, false, commands);
        assertEquals(TrayIcons.State.LOCKED, onlyDefault.state());
        assertEquals("tokentray: no keys yet (open the window to add them)", onlyDefault.tooltip());
        assertEquals("2 profiles need keys…", onlyDefault.items().get(0).label());
    }

    @Test
    void aRenewalThatFailedTurnsTheIconRedAndSaysWhyInTheProfilesSubmenu() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(14), null)), NOW, true, List.of(),
                java.util.Map.of("dev", "dev could not be renewed: cannot reach AWS STS"), commands);
        assertEquals(TrayIcons.State.ERROR, view.state());
        assertEquals("dev could not be renewed: cannot reach AWS STS", view.items().get(0).children().get(0).label());
    }

    @Test
    void theTooltipSummarisesSoonestFirstWithinSixtyFourCharactersAndNeverCutsAName() {
        List<ProfileStatus> rows = List.of(row("a-profile-with-a-rather-long-name", Duration.ofMinutes(185), null),
                row("billing-readonly", Duration.ofMinutes(50), null), row("ci-bot", Duration.ofMinutes(9), null),
                row("zz-prod-deploy-eu-west-1", Duration.ofMinutes(30), null), row("old", null, null));
        String tooltip = TrayMenu.build(rows, NOW, true, commands).tooltip();
        assertTrue(tooltip.length() <= 64, tooltip.length() + " characters: " + tooltip);
        assertTrue(tooltip.startsWith("tokentray: 4 live · ci-bot 9m · zz-prod-deploy-eu-west-1 30m"), tooltip);
        for (String shown : tooltip.substring("tokentray: 4 live · ".length()).split(" · ")) {
            String name = shown.substring(0, shown.lastIndexOf(' ') < 0 ? shown.length() : shown.indexOf(' '));
            assertTrue(rows.stream().anyMatch(r -> r.profile().equals(name)) || shown.equals("…"),
                    "'" + shown + "' is a whole profile name and its time: " + tooltip);
        }
        String oneLongName = TrayMenu.build(List.of(row("x".repeat(70), Duration.ofMinutes(20), null)), NOW, true,
                commands).tooltip();
        assertEquals("tokentray: 1 live · the soonest ends in 20m", oneLongName);
    }

    @Test
    void aProfilesTimeLeftKeepsClearOfTheSubmenuArrow() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(185), null)), NOW, true, commands);
        String label = view.items().get(0).label();
        assertTrue(label.matches("dev  —  3h 05m\\s{4,}"), "room for the arrow after the time left: '" + label + "'");
    }

    @Test
    void unlockSaysWhatThisProfileAsks() {
        List<String> asked = new ArrayList<>();
        for (boolean vaultOpen : List.of(false, true)) {
            for (UnlockedState.Needs needs : List.of(new UnlockedState.Needs(true, false, null, false),
                    new UnlockedState.Needs(true, true, "arn:aws:iam::1:mfa/a", false),
                    new UnlockedState.Needs(true, true, "arn:aws:iam::1:mfa/a", true))) {
                ProfileStatus row = new ProfileStatus("p", false, "vault", false, null, null, null, null, null, null, null, needs);
                asked.add(TrayMenu.build(List.of(row), NOW, vaultOpen, commands).items().get(0).children().get(0).label());
            }
        }
        assertEquals(List.of("Unlock — password", "Unlock — password + MFA code", "Unlock — password + YubiKey",
                "Unlock", "Unlock — MFA code", "Unlock — YubiKey"), asked);
    }

    @Test
    void allLockedIsGreyAndSaysSo() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", null, null)), NOW, false, commands);
        assertEquals(TrayIcons.State.LOCKED, view.state());
        assertEquals("tokentray: all locked", view.tooltip());
    }
}
