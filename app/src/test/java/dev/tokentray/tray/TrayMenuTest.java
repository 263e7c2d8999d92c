package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.core.ProfileStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        List<String> labels = view.items().stream().map(i -> i.isSeparator() ? "---" : i.label()).toList();
        assertEquals(List.of("dev  —  3h 05m", "prod  —  8m", "old  —  locked", "---", "Open window", "Lock vault", "Quit tokentray"), labels);
        view.items().get(1).children().forEach(i -> i.action().run());
        view.items().get(4).action().run();
        assertEquals(List.of("unlock prod", "refresh prod", "clear prod", "console prod", "open"), done);
        assertEquals("tokentray: dev 3h 05m, prod 8m", view.tooltip());
    }

    @Test
    void anUnreadableProfileMakesTheIconRedAndSaysWhyInItsSubmenu() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", Duration.ofMinutes(50), null),
                row("loop", null, "~/.aws/config line 3: cycle")), NOW, false, commands);
        assertEquals(TrayIcons.State.ERROR, view.state());
        assertEquals("~/.aws/config line 3: cycle", view.items().get(1).children().get(0).label());
        assertTrue(view.items().stream().noneMatch(i -> "Lock vault".equals(i.label())), "nothing to lock");
    }

    @Test
    void allLockedIsGreyAndSaysSo() {
        TrayMenu.View view = TrayMenu.build(List.of(row("dev", null, null)), NOW, false, commands);
        assertEquals(TrayIcons.State.LOCKED, view.state());
        assertEquals("tokentray: all locked", view.tooltip());
    }
}
