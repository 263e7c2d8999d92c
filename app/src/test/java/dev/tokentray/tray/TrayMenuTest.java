package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

        public void copyExportLines(String p) {
            done.add("copy " + p);
        }

        public void openSettings() {
            done.add("settings");
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

    static ProfileStatus role(String profile, String account, Duration left, UnlockedState.Needs needs) {
        return new ProfileStatus(profile, false, "via base", false, "arn:aws:iam::" + account + ":role/" + profile,
                "arn:aws:iam::111111111111:mfa/alice", null, left == null ? null : NOW.plus(left), null, null, null, needs);
    }

    /** Labels of the top level, "---" for a separator, trailing arrow room dropped. */
    static List<String> labels(List<TrayMenuItem> items) {
        return items.stream().map(i -> i.isSeparator() ? "---" : i.label().strip()).toList();
    }

    static TrayMenuItem entry(TrayMenu.View view, String id) {
        return TrayMenuItem.flatten(view.items()).stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + labels(view.items())));
    }

    @Test
    void liveProfilesComeFirstSoonestToEndFirstEachWithItsActionsThenLockedOnesThenTheAppsEntries() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(185), null), row("prod", Duration.ofMinutes(8), null),
                row("old", null, null)), NOW, true, commands);
        assertEquals(TrayIcons.State.EXPIRING, view.state());
        assertEquals(List.of("Vault open", "---", "prod  —  8m", "dev  —  3h 05m", "---", "Unlock old", "---",
                "Open tokentray", "Lock vault", "Settings…", "Quit tokentray"), labels(view.items()));
        assertEquals(List.of("Refresh", "Copy export lines", "Open AWS console", "End session"),
                labels(view.items().get(2).children()));
        view.items().get(2).children().forEach(i -> i.action().run());
        entry(view, "unlock:old").action().run();
        entry(view, "open").action().run();
        entry(view, "settings").action().run();
        assertEquals(List.of("refresh prod", "copy prod", "console prod", "clear prod", "unlock old", "open", "settings"), done);
        assertFalse(view.items().get(0).enabled(), "the header only informs");
        assertEquals("tokentray: 2 live · prod 8m · dev 3h 05m", view.tooltip(), "soonest first");
    }

    @Test
    void theHeaderSaysWhetherTheVaultIsOpenAndWhenTheSoonestMfaSessionEnds() {
        List<ProfileStatus> rows = List.of(row("dev", null, null));
        assertEquals("Vault locked", TrayMenu.build(rows, NOW, false, commands).items().get(0).label());
        TrayMenu.Facts facts = TrayMenu.Facts.of(rows, NOW, true).withMfaSessions(java.util.Map.of(
                "arn:aws:iam::111111111111:mfa/alice", NOW.plus(Duration.ofMinutes(471)),
                "arn:aws:iam::222222222222:mfa/bob", NOW.minus(Duration.ofMinutes(1))));
        assertEquals("Vault open · MFA alice 7h 51m", TrayMenu.build(facts, commands).items().get(0).label(),
                "bob's ended MFA session is not shown");
        java.util.Map<String, Instant> two = new java.util.HashMap<>(facts.mfaSessions());
        two.put("GAHT12345678", NOW.plus(Duration.ofMinutes(30)));
        assertEquals("Vault locked · MFA GAHT12345678 30m (+1)", TrayMenu.build(TrayMenu.Facts.of(rows, NOW, false)
                .withMfaSessions(two), commands).items().get(0).label(), "the soonest to end, and how many more");
    }

    @Test
    void lockedProfilesAreGroupedByAccountAndEachSaysWhatItsUnlockAsks() {
        UnlockedState.Needs passwordAndCode = new UnlockedState.Needs(true, true, "arn:aws:iam::111111111111:mfa/alice", false);
        List<ProfileStatus> rows = List.of(role("prod-deploy", "222222222222", null, passwordAndCode),
                role("billing", "333333333333", null, passwordAndCode), role("prod-read", "222222222222", null, passwordAndCode),
                role("ci", "222222222222", Duration.ofMinutes(30), passwordAndCode), row("plain", null, null));
        TrayMenu.View locked = TrayMenu.build(rows, NOW, false, commands);
        assertEquals(List.of("Vault locked", "---", "ci  —  30m", "---", "Account 222222222222",
                "Unlock prod-deploy — password + MFA code", "Unlock prod-read — password + MFA code", "---",
                "Account 333333333333", "Unlock billing — password + MFA code", "---", "Other profiles", "Unlock plain",
                "---", "Open tokentray", "Settings…", "Quit tokentray"), labels(locked.items()));
        entry(locked, "unlock:prod-read").action().run();
        assertEquals(List.of("unlock prod-read"), done, "one click unlocks");
        TrayMenu.View open = TrayMenu.build(rows, NOW, true, commands);
        assertEquals("Unlock billing — MFA code", entry(open, "unlock:billing").label(), "the open vault asks no password");
    }

    @Test
    void atMostTenProfileRowsThenMoreOpensTheWindow() {
        List<ProfileStatus> rows = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            rows.add(row(String.format("p%02d", i), i % 2 == 0 ? Duration.ofMinutes(100 - i) : null, null));
        }
        TrayMenu.View view = TrayMenu.build(rows, NOW, false, commands);
        List<String> profileRows = labels(view.items()).stream().filter(l -> l.startsWith("p") || l.startsWith("Unlock p")).toList();
        assertEquals(10, profileRows.size(), profileRows.toString());
        assertEquals(List.of("p12  —  1h 28m", "p10  —  1h 30m", "p08  —  1h 32m", "p06  —  1h 34m", "p04  —  1h 36m",
                "p02  —  1h 38m", "p00  —  1h 40m", "Unlock p01", "Unlock p03", "Unlock p05"), profileRows,
                "every live one (soonest to end first) before the locked ones");
        TrayMenuItem more = entry(view, "more");
        assertEquals("More… (4 more in the window)", more.label());
        more.action().run();
        assertEquals(List.of("open"), done);
        assertTrue(labels(TrayMenu.build(rows.subList(0, 10), NOW, false, commands).items()).stream()
                .noneMatch(l -> l.startsWith("More…")), "ten fit without More…");
    }

    @Test
    void everyEntryHasAnIdOfItsOwnThatStaysAsTheCountdownMovesSoABackendCanRelabelInPlace() {
        List<ProfileStatus> rows = List.of(row("dev", Duration.ofMinutes(185), null), row("prod", Duration.ofMinutes(50), null),
                row("old", null, null));
        TrayMenu.View now = TrayMenu.build(rows, NOW, true, commands);
        TrayMenu.View later = TrayMenu.build(rows, NOW.plusSeconds(60), true, commands);
        List<String> ids = TrayMenuItem.flatten(now.items()).stream().map(TrayMenuItem::id).toList();
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "ids are unique: " + ids);
        assertNotEquals(labels(now.items()), labels(later.items()), "the countdown moved");
        assertTrue(TrayMenuItem.sameShape(now.items(), later.items()), "same shape: labels change in place");
        TrayMenu.View prodEnded = TrayMenu.build(rows, NOW.plus(Duration.ofMinutes(51)), true, commands);
        assertFalse(TrayMenuItem.sameShape(now.items(), prodEnded.items()), "prod moved from live to locked");
        assertFalse(TrayMenuItem.sameShape(now.items(), TrayMenu.build(rows, NOW, false, commands).items()),
                "Lock vault went away");
    }

    @Test
    void aLabelForDbusmenuDoublesItsUnderscoresSoNoneBecomesAMnemonic() {
        TrayMenu.View view = TrayMenu.build(List.of(row("work_admin", null, null)), NOW, false, commands);
        TrayMenuItem unlock = entry(view, "unlock:work_admin");
        assertEquals("Unlock work_admin", unlock.label(), "AWT shows labels as they are");
        assertEquals("Unlock work__admin", unlock.dbusmenuLabel());
        assertNull(TrayMenuItem.separator("s").dbusmenuLabel());
    }

    @Test
    void anUnreadableProfileMakesTheIconRedAndSaysWhyInItsSubmenu() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(50), null),
                row("loop", null, "~/.aws/config line 3: cycle")), NOW, false, commands);
        assertEquals(TrayIcons.State.ERROR, view.state());
        assertEquals("~/.aws/config line 3: cycle", entry(view, "profile:loop").children().get(0).label());
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
        List<String> labels = labels(view.items());
        assertEquals("2 profiles need keys…", labels.get(3), labels.toString());
        assertTrue(labels.stream().noneMatch(l -> l.startsWith("default") || l.startsWith("nokeys")), labels.toString());
        entry(view, "needs-keys").action().run();
        assertEquals(List.of("open"), done, "the entry opens the window, where Add keys… is");
        TrayMenu.View onlyDefault = TrayMenu.build(rows.stream()
                .filter(r -> r.needsKeysOf() != null).toList(), NOW, false, commands);
        assertEquals(TrayIcons.State.LOCKED, onlyDefault.state());
        assertEquals("tokentray: no keys yet (open the window to add them)", onlyDefault.tooltip());
        assertEquals("2 profiles need keys…", entry(onlyDefault, "needs-keys").label());
    }

    @Test
    void aRenewalThatFailedTurnsTheIconRedAndSaysWhyInTheProfilesSubmenu() {
        TrayMenu.View view = TrayMenu.build(TrayMenu.Facts.of(List.of(row("dev", Duration.ofMinutes(14), null)), NOW, true)
                .withRenewalFailures(java.util.Map.of("dev", "dev could not be renewed: cannot reach AWS STS")), commands);
        assertEquals(TrayIcons.State.ERROR, view.state());
        assertEquals("dev could not be renewed: cannot reach AWS STS", entry(view, "profile:dev").children().get(0).label());
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
        String label = entry(view, "profile:dev").label();
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
                asked.add(entry(TrayMenu.build(List.of(row), NOW, vaultOpen, commands), "unlock:p").label());
            }
        }
        assertEquals(List.of("Unlock p — password", "Unlock p — password + MFA code", "Unlock p — password + YubiKey",
                "Unlock p", "Unlock p — MFA code", "Unlock p — YubiKey"), asked);
    }

    @Test
    void allLockedIsGreyAndSaysSo() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", null, null)), NOW, false, commands);
        assertEquals(TrayIcons.State.LOCKED, view.state());
        assertEquals("tokentray: all locked", view.tooltip());
    }
}
