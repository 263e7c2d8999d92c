package dev.tokentray.tray.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Settings;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.NotificationDaemon;
import dev.tokentray.testing.NotificationDaemon.Shown;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.SessionBus;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notices through a real freedesktop server: dunst on a private session bus, drawing on Xvfb; and
 * a click on the tray's own notice, from dunst to a new session.
 */
class NotificationsIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();
    @RegisterExtension
    static MfaWorld world = MfaWorld.withUser("nora", "ops");

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
            // Notices reach the server in order, each Notify answered once the server holds the
            // bubble: once prod's has its id, dev's second has been taken in too, so the count says
            // whether it replaced the first or stacked.
            notifier.show(new Notice("expiring:prod", "prod expires in 10 minutes", "", "Unlock prod",
                    click("prod warning")));
            await(() -> notifier.shownIds().containsKey("expiring:prod"), "the server took prod's notice");
            assertEquals(2, dunst.showing(), "dev's second notice replaced its first: " + dunst.dunstctl("history"));
            assertEquals(firstId, notifier.shownIds().get("expiring:dev"));

            String window = desktop.awaitDrawnWindow("\"Dunst\"", 40, 10, "notification", Duration.ofSeconds(5));
            int[] box = VirtualDesktop.box(window);
            assertTrue(box[3] >= 80, "two bubbles stacked in dunst's window: " + window);

            // Position 0 is the top bubble: dev's, critical and sorted first.
            dunst.dunstctl("action", "0");
            dunst.dunstctl("close-all");
            // The closes are signalled after the click and handled after it, on the one signal thread.
            await(() -> notifier.shownIds().isEmpty(), "NotificationClosed made the notifier forget the closed ids");
            // A click runs on the notifier's one thread, queued before this notice: once the notice is
            // shown, every onClick the click set off has run.
            notifier.show(new Notice("expiring:dev", "dev expires in 10 minutes", "again", "Unlock dev", null));
            await(() -> notifier.shownIds().containsKey("expiring:dev"), "the new notice got an id");
            assertEquals(List.of("dev expired on tokentray-notifications"), clicks,
                    "only the current notice's onClick ran, once, off the D-Bus threads");
            assertNotEquals(firstId, notifier.shownIds().get("expiring:dev"),
                    "a closed bubble's id is not reused as replaces_id");

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
            assertEquals(1, dunst.showing(), "the new notice is the only bubble");
        }
    }

    @Test
    void middleClickingTheBubbleRunsItsActionAsDunstsDefaultMouseSetupDoes() throws Exception {
        try (NotificationDaemon dunst = NotificationDaemon.start(desktop.env());
             FreedesktopNotifier notifier = FreedesktopNotifier.connect(dunst.address())) {
            notifier.show(new Notice("expiring:dev", "dev expires in 10 minutes", "Click to unlock", "Unlock dev",
                    click("dev")));
            assertEquals(1, dunst.awaitShowing(n -> n == 1, Duration.ofSeconds(10)));
            int[] at = VirtualDesktop.centre(desktop.awaitDrawnWindow("\"Dunst\"", 40, 10, "notification-clicked",
                    Duration.ofSeconds(10)));
            desktop.click(at[0], at[1], 2);
            await(() -> !clicks.isEmpty(), "the mouse click on the bubble reached onClick");
            assertEquals(0, dunst.awaitShowing(n -> n == 0, Duration.ofSeconds(5)), "dunst closed the clicked bubble");
            // The close is signalled after the click and handled after it, on the one signal thread;
            // the click's onClick runs on the notifier's one thread, queued before the next notice.
            await(() -> notifier.shownIds().isEmpty(), "NotificationClosed made the notifier forget the id");
            notifier.show(new Notice("expiring:prod", "prod expires in 10 minutes", "", "Unlock prod", null));
            await(() -> notifier.shownIds().containsKey("expiring:prod"), "the next notice got an id");
            assertEquals(List.of("dev on tokentray-notifications"), clicks, "the click ran dev's onClick once");
        }
    }

    @Test
    void aClickOnExpiresInRenewsTheSessionQuietlyWhileTheMfaSessionHolds() throws Exception {
        TestHome home = world.home(tmp);
        home.config("[profile nora]\nmfa_serial = " + world.serial + "\n"
                + "[profile ops]\nrole_arn = " + MfaWorld.roleArn("ops") + "\nsource_profile = nora\n");
        world.addKeys(home, "nora");
        Run unlocked = home.binary("", "unlock", "ops", "--mfa-code", world.proxy.currentCode(world.serial));
        assertEquals(0, unlocked.exit(), unlocked.toString());
        // ops has 8 minutes left, inside the notice's lead time; the MFA session under it has hours.
        SessionCache cache = new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        Session aging = new Session("ASIAAGINGAGINGAGING1", "s", "t", Instant.now().plus(Duration.ofMinutes(8)));
        cache.put(SessionCache.profileKey("ops"), aging);
        // Not renewed ahead of expiry by the tray itself: the click is what renews it.
        Settings.DEFAULTS.withAutoRefresh(false).save(home.tokentrayHome());
        // The tray never gets the vault password: only the MFA session can stand in.
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        try (NotificationDaemon dunst = NotificationDaemon.start(desktop.env())) {
            Map<String, String> env = new HashMap<>(home.envMap());
            env.putAll(desktop.env());
            env.putAll(dunst.bus().env());
            try (ManagedProcess tray = ManagedProcess.start("tray",
                    List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), env, null)) {
                assertEquals(1, dunst.awaitShowing(n -> n == 1, Duration.ofSeconds(60)),
                        "the tray's notice is shown\ntray log:\n" + tray.logText());
                // The click: dunst sends ActionInvoked with the notice's default action.
                dunst.dunstctl("action", "0");
                // The tray logs the renewal once the click's refresh has returned; a refresh that needed
                // the person would be waiting on the dialog instead, and the dialog would show.
                Instant until = Instant.now().plusSeconds(60);
                while (!renewed(tray, "ops") && Instant.now().isBefore(until)) {
                    assertEquals(0, unlockDialogs("ops"), "the click raised the unlock dialog\ntray log:\n"
                            + tray.logText());
                    Thread.sleep(200);
                }
                assertTrue(renewed(tray, "ops"), "the click renewed ops\ntray log:\n" + tray.logText());
                assertEquals(0, unlockDialogs("ops"), "no dialog: the MFA session stood in");
                Session fresh = cache.get(SessionCache.profileKey("ops"));
                assertNotEquals(aging.accessKeyId(), fresh.accessKeyId());
                assertTrue(fresh.expiration().isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                        "a new role session: " + fresh.expiration());
                assertEquals(2, world.proxy.calls("AssumeRole"), "ops assumed again, from the MFA session");
                assertEquals(1, world.proxy.calls("GetSessionToken"), "no new MFA session");
                assertEquals(1, world.proxy.acceptedCodes().size(), "no MFA code but unlock's");

                dunst.dunstctl("close-all");
                List<String> summaries = dunst.history().stream().map(Shown::summary).toList();
                assertEquals(1, summaries.size(), summaries.toString());
                assertTrue(summaries.get(0).matches("ops expires in [78]m"), "the click was on ops's notice: " + summaries);
            }
        }
    }

    /** Whether the tray's log says it renewed {@code profile} on a click (or the menu's Refresh). */
    private static boolean renewed(ManagedProcess tray, String profile) {
        return tray.logText().lines().anyMatch(("tokentray: renewed " + profile)::equals);
    }

    /** The unlock dialogs for {@code profile} on the desktop. */
    private static long unlockDialogs(String profile) {
        return TestHome.process(List.of("xwininfo", "-root", "-tree"), "", desktop.env()).out().lines()
                .filter(l -> l.contains("Unlock " + profile + " ")).count();
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
