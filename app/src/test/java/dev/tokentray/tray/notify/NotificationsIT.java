package dev.tokentray.tray.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.testing.NotificationDaemon;
import dev.tokentray.testing.NotificationDaemon.Shown;
import dev.tokentray.testing.SessionBus;
import dev.tokentray.testing.VirtualDesktop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Notices through a real freedesktop server: dunst on a private session bus, drawing on Xvfb. */
class NotificationsIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();

    @TempDir
    Path tmp;

    private final List<String> clicks = new CopyOnWriteArrayList<>();

    private Runnable click(String what) {
        return () -> clicks.add(what + " on " + Thread.currentThread().getName());
    }

    @Test
    void dunstShowsTheNoticeAndOneWithTheSameKeyReplacesItInsteadOfStacking() throws Exception {
        try (NotificationDaemon dunst = NotificationDaemon.start(desktop.env());
             FreedesktopNotifier notifier = FreedesktopNotifier.connect(dunst.address())) {
            notifier.show(new Notice("expiring:dev", "dev expires in 10 minutes", "Unlock to keep working",
                    "Unlock dev", click("dev warning")));
            assertEquals(1, dunst.awaitShowing(n -> n == 1, Duration.ofSeconds(10)), dunst.toString());
            long firstId = notifier.shownIds().get("expiring:dev");

            String body = "Session ended at <14:05> & needs a new MFA code";
            notifier.show(new Notice("expiring:dev", "dev expired", body, "Unlock dev", click("dev expired"),
                    Notice.Urgency.CRITICAL));
            // Notices reach the server in order: once prod's bubble is counted, dev's second notice
            // has been handled too, so the count says whether it replaced the first or stacked.
            notifier.show(new Notice("expiring:prod", "prod expires in 10 minutes", "", "Unlock prod",
                    click("prod warning")));
            dunst.awaitShowing(n -> n >= 2, Duration.ofSeconds(10));
            Thread.sleep(300);
            assertEquals(2, dunst.showing(), "dev's second notice replaced its first: " + dunst.dunstctl("history"));
            assertEquals(firstId, notifier.shownIds().get("expiring:dev"));

            String window = desktop.awaitDrawnWindow("\"Dunst\"", 40, 10, "notification", Duration.ofSeconds(5));
            int[] box = VirtualDesktop.box(window);
            assertTrue(box[3] >= 80, "two bubbles stacked in dunst's window: " + window);

            // Position 0 is the top bubble: dev's, critical and sorted first.
            dunst.dunstctl("action", "0");
            await(() -> !clicks.isEmpty(), "the click on dev's bubble reached its onClick");
            Thread.sleep(300);
            assertEquals(List.of("dev expired on tokentray-notifications"), clicks,
                    "only the current notice's onClick ran, off the D-Bus threads");

            dunst.dunstctl("close-all");
            List<Shown> history = dunst.history();
            List<String> summaries = new ArrayList<>();
            for (Shown shown : history) {
                summaries.add(shown.summary());
                assertEquals("tokentray", shown.appName());
            }
            assertEquals(2, history.size(), "one bubble per key, the first dev notice was replaced: " + summaries);
            assertTrue(summaries.contains("dev expired") && summaries.contains("prod expires in 10 minutes"),
                    summaries.toString());
            Shown dev = history.stream().filter(s -> s.summary().equals("dev expired")).findFirst().orElseThrow();
            // dunst says "body-markup": it got the text as markup with <, > and & escaped, which it
            // draws literally (a bare "<14:05>" would be taken for a tag and dropped).
            assertEquals("Session ended at &lt;14:05&gt; &amp; needs a new MFA code", dev.body());

            await(() -> notifier.shownIds().isEmpty(), "NotificationClosed made the notifier forget the closed ids");
            notifier.show(new Notice("expiring:dev", "dev expires in 10 minutes", "again", "Unlock dev", null));
            assertEquals(1, dunst.awaitShowing(n -> n == 1, Duration.ofSeconds(10)));
            await(() -> notifier.shownIds().containsKey("expiring:dev"), "the new notice got an id");
            assertNotEquals(firstId, notifier.shownIds().get("expiring:dev"),
                    "a closed bubble's id is not reused as replaces_id");
        }
    }

    @Test
    void middleClickingTheBubbleRunsItsActionAsDunstsDefaultMouseSetupDoes() throws Exception {
        try (NotificationDaemon dunst = NotificationDaemon.start(desktop.env());
             FreedesktopNotifier notifier = FreedesktopNotifier.connect(dunst.address())) {
            notifier.show(new Notice("expiring:dev", "dev expires in 10 minutes", "Click to unlock", "Unlock dev",
                    click("dev")));
            assertEquals(1, dunst.awaitShowing(n -> n == 1, Duration.ofSeconds(10)));
            Thread.sleep(300);
            int[] at = VirtualDesktop.centre(desktop.awaitWindow("\"Dunst\"", 40, 10, Duration.ofSeconds(5)));
            desktop.click(at[0], at[1], 2);
            await(() -> !clicks.isEmpty(), "the mouse click on the bubble reached onClick");
            assertEquals(List.of("dev on tokentray-notifications"), clicks);
            assertEquals(0, dunst.awaitShowing(n -> n == 0, Duration.ofSeconds(5)), "dunst closed the clicked bubble");
        }
    }

    @Test
    void withNoNotificationServerOnTheBusConnectFailsAtOnceWithOneLine() throws Exception {
        try (SessionBus bus = SessionBus.start(tmp, Map.of())) {
            long start = System.nanoTime();
            TokentrayException e = assertThrows(TokentrayException.class,
                    () -> FreedesktopNotifier.connect(bus.address()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
            assertEquals("no notification server on the D-Bus session bus (nothing provides "
                    + "org.freedesktop.Notifications)", e.getMessage());
        }
    }

    @Test
    void withNoBusConnectFailsAtOnceWithOneLine() {
        long start = System.nanoTime();
        String address = "unix:path=" + tmp.resolve("no-bus-here");
        TokentrayException e = assertThrows(TokentrayException.class, () -> FreedesktopNotifier.connect(address));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
        assertTrue(e.getMessage().startsWith("cannot connect to the D-Bus session bus at " + address + ": "),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        TokentrayException unset = assertThrows(TokentrayException.class,
                () -> FreedesktopNotifier.connect(new Env(Map.of())));
        assertEquals("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus",
                unset.getMessage());
    }

    @Test
    void theDesktopGetsFreedesktopNotificationsWhenAServerAnswersAndTrayMessagesOtherwise() throws Exception {
        List<String> reasons = new ArrayList<>();
        try (NotificationDaemon dunst = NotificationDaemon.start(desktop.env());
             Notifier notifier = Notifiers.forDesktop(new Env(dunst.bus().env()), () -> null, reasons::add)) {
            assertInstanceOf(FreedesktopNotifier.class, notifier);
            assertEquals(List.of(), reasons);
        }
        try (SessionBus bus = SessionBus.start(tmp, Map.of());
             Notifier notifier = Notifiers.forDesktop(new Env(bus.env()), () -> null, reasons::add)) {
            assertInstanceOf(TrayMessageNotifier.class, notifier);
            assertEquals(List.of("no notification server on the D-Bus session bus (nothing provides "
                    + "org.freedesktop.Notifications)"), reasons);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting: " + what);
    }
}
