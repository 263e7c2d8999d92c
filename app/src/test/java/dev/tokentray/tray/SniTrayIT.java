package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.HomeProcesses;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import dev.tokentray.testing.XfcePanel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tokentray tray` in a real xfce4-panel, whose systray plugin hosts both StatusNotifierItems and
 * XEmbed icons: with the panel's watcher on the session bus the tray is a StatusNotifierItem, read
 * and clicked through D-Bus as the panel does (gdbus), and drawn by the panel (screenshots); with
 * TOKENTRAY_TRAY=awt it is AWT's XEmbed icon in the same panel.
 */
class SniTrayIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop(false);

    @TempDir
    Path tmp;
    private TestHome home;
    private SessionCache cache;

    @AfterEach
    void stopLeftoverTrays() {
        if (home != null) {
            HomeProcesses.stop(home.tokentrayHome(), "tray");
        }
    }

    /** dev's keys in the locked vault, work_admin a role from them, ops a role with a live session. */
    private Map<String, String> homeWithProfiles(XfcePanel panel) throws Exception {
        home = profilesHome(tmp.resolve("home"));
        cache = new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        env.putAll(panel.busEnv());
        return env;
    }

    /**
     * A home in {@code dir} with dev's keys in the locked vault (no password in its environment:
     * the person at the dialog types it), work_admin a role from them, and ops a role whose session
     * has 42 minutes left in the file cache.
     */
    static TestHome profilesHome(Path dir) throws Exception {
        TestHome home = new TestHome(dir).config("[profile dev]\nregion = eu-west-1\n"
                + "[profile work_admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = dev\n"
                + "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = dev\n");
        home.set("TOKENTRAY_VAULT_PASSWORD", "vault-pw");
        Run added = home.binary("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "add", "dev", "--access-key-id",
                "AKIAIOSFODNN7EXAMPLE", "--secret-stdin");
        assertEquals(0, added.exit(), added.toString());
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache"))).put("profile:ops",
                new Session("ASIAOPSOPSOPSOPSOPS1", "s", "t", Instant.now().plus(Duration.ofMinutes(42))));
        return home;
    }

    private static ManagedProcess tray(Map<String, String> env) {
        return ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), env, null);
    }

    /** The item's bus name once the watcher lists it; fails with what it lists if it never does. */
    private static String awaitRegistered(XfcePanel panel, ManagedProcess tray, Duration timeout) throws Exception {
        Pattern item = Pattern.compile("'(org\\.kde\\.StatusNotifierItem-\\d+-1)/StatusNotifierItem'");
        Instant deadline = Instant.now().plus(timeout);
        String listed;
        do {
            listed = panel.registeredItems();
            Matcher m = item.matcher(listed);
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline) && tray.process().isAlive());
        throw new AssertionError("the watcher lists no tokentray item: " + listed + "\ntray log:\n" + tray.logText());
    }

    @Test
    void theTrayIsAStatusNotifierItemInThePanelWithItsMenuOverDbusmenu() throws Exception {
        try (XfcePanel panel = XfcePanel.start(tmp, desktop.env())) {
            Map<String, String> env = homeWithProfiles(panel);
            try (ManagedProcess tray = tray(env)) {
                String name = awaitRegistered(panel, tray, Duration.ofSeconds(60));
                Run id = panel.gdbusCall("-d", name, "-o", "/StatusNotifierItem", "-m",
                        "org.freedesktop.DBus.Properties.Get", "org.kde.StatusNotifierItem", "Id");
                assertEquals("(<'tokentray'>,)", id.out().strip(), id.toString());

                Run layout = panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.GetLayout",
                        "--", "0", "-1", "@as []");
                assertEquals(0, layout.exit(), layout.toString());
                // Every profile has its row: ops with its time left, the locked ones with their Unlock entry,
                // work_admin's underscore doubled so the host shows it instead of taking it as a mnemonic.
                assertTrue(Pattern.compile("'ops  —  4[12]m").matcher(layout.out()).find(), layout.out());
                assertTrue(layout.out().contains("'Unlock work__admin — password'"), layout.out());
                assertTrue(layout.out().contains("'Unlock dev — password'"), layout.out());
                assertTrue(layout.out().contains("'Quit tokentray'"), layout.out());

                Run root = panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m",
                        "com.canonical.dbusmenu.GetGroupProperties", "[0]", "@as []");
                assertEquals("([(0, {'children-display': <'submenu'>})],)", root.out().strip(), root.toString());

                // The panel draws the icon at its left end: dark key strokes on its light background.
                awaitIconInPanel(panel, "issue16-sni-icon-in-xfce-panel", "the panel draws the icon");

                // A right click opens the menu the panel draws from the dbusmenu.
                TestHome.process(List.of("xdotool", "mousemove", "12", "16", "click", "3", "mousemove", "600", "500"),
                        "", desktop.env());
                String menu = desktop.awaitWindow("wrapper-2.0", 100, 100, Duration.ofSeconds(10));
                Path menuShot = null;
                int text = 0;
                Instant shownBy = Instant.now().plusSeconds(10);
                while (text < 200 && Instant.now().isBefore(shownBy)) {
                    Thread.sleep(300);
                    menuShot = desktop.screenshot("issue16-sni-menu-in-xfce-panel");
                    text = VirtualDesktop.darkPixels(ImageIO.read(menuShot.toFile()), VirtualDesktop.box(menu));
                }
                assertTrue(text >= 200, "the open menu shows its entries: " + menuShot + " (" + text + " dark pixels)");
                desktop.key("Escape");

                // A left click on the icon (Activate, as the panel sends it) opens the window.
                Run activated = panel.gdbusCall("-d", name, "-o", "/StatusNotifierItem", "-m",
                        "org.kde.StatusNotifierItem.Activate", "0", "0");
                assertEquals(0, activated.exit(), activated.toString());
                desktop.awaitText(desktop.awaitDrawnWindow("\"tokentray\"", 100, 50, "issue16-sni-window-on-activate",
                        Duration.ofSeconds(30)), "issue16-sni-window-on-activate");

                // A click on "Unlock work_admin" as the panel sends it raises the unlock dialog.
                String unlockId = idOf(layout.out(), "Unlock work__admin — password");
                Run clicked = panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.Event",
                        "--", unlockId, "clicked", "<int32 0>", "0");
                assertEquals(0, clicked.exit(), clicked.toString());
                desktop.awaitText(desktop.awaitDrawnWindow("\"Unlock work_admin — tokentray\"", 100, 50, "issue16-sni-unlock-dialog",
                        Duration.ofSeconds(30)), "issue16-sni-unlock-dialog");

                // ops is renewed elsewhere (42 → 30 minutes left, the menu keeps its shape): at the next
                // tick the host is sent the new label and tooltip, as signals it updates an open menu by.
                try (ManagedProcess monitor = ManagedProcess.start("dbus-monitor", List.of("dbus-monitor", "--session",
                        "type='signal',sender='" + name + "'"), env, null)) {
                    Thread.sleep(500);
                    cache.put("profile:ops", new Session("ASIAOPSOPSOPSOPSOPS2", "s", "t",
                            Instant.now().plus(Duration.ofMinutes(30))));
                    Instant until = Instant.now().plusSeconds(TrayApp.TICK_SECONDS + 10);
                    while (!monitor.logText().matches("(?s).*ItemsPropertiesUpdated.*ops  —  (30|29)m.*NewToolTip.*")
                            && Instant.now().isBefore(until)) {
                        Thread.sleep(200);
                    }
                    assertTrue(monitor.logText().matches("(?s).*ItemsPropertiesUpdated.*ops  —  (30|29)m.*NewToolTip.*"),
                            "the renewed countdown is signalled to the host:\n" + monitor.logText());
                    assertTrue(!monitor.logText().contains("LayoutUpdated"), "same shape, no new layout:\n"
                            + monitor.logText());
                }

                // A config that cannot be read turns the icon red: the item asks for attention (a panel
                // that tucks quiet items away shows it), and is quiet again once the config is mended.
                String config = java.nio.file.Files.readString(home.configFile());
                try (ManagedProcess monitor = ManagedProcess.start("dbus-monitor", List.of("dbus-monitor", "--session",
                        "type='signal',sender='" + name + "',member='NewStatus'"), env, null)) {
                    Thread.sleep(500);
                    home.config(config + "[profile broken\n");
                    assertEquals("(<'NeedsAttention'>,)", awaitStatus(panel, name, "NeedsAttention"));
                    home.config(config);
                    assertEquals("(<'Active'>,)", awaitStatus(panel, name, "Active"));
                    assertTrue(monitor.logText().matches("(?s).*string \"NeedsAttention\".*string \"Active\".*"),
                            "NewStatus signalled both ways:\n" + monitor.logText());
                }

                // The panel restarts: the new watcher lists the item again, so the icon comes back.
                panel.restart();
                assertEquals(name, awaitRegistered(panel, tray, Duration.ofSeconds(20)));
                awaitIconInPanel(panel, "issue16-sni-icon-after-panel-restart", "the restarted panel draws the icon");

                // Quit from the menu: the tray ends and the watcher drops the item.
                Run layoutNow = panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.GetLayout",
                        "--", "0", "-1", "@as []");
                assertTrue(Pattern.compile("'ops  —  (30|29)m'").matcher(layoutNow.out()).find(), layoutNow.out());
                panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.Event", "--",
                        idOf(layoutNow.out(), "Quit tokentray"), "clicked", "<int32 0>", "0");
                assertTrue(tray.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "Quit ended the tray");
                assertEquals(0, tray.process().exitValue(), tray.logText());
                Instant droppedBy = Instant.now().plusSeconds(10);
                while (panel.registeredItems().contains(name) && Instant.now().isBefore(droppedBy)) {
                    Thread.sleep(200);
                }
                assertEquals("(<@as []>,)", panel.registeredItems().strip());
            }
        }
    }

    @Test
    void withAwtForcedTheXembedIconEmbedsInTheSamePanel() throws Exception {
        try (XfcePanel panel = XfcePanel.start(tmp, desktop.env())) {
            Map<String, String> env = homeWithProfiles(panel);
            env.put("TOKENTRAY_TRAY", "awt");
            try (ManagedProcess tray = tray(env)) {
                int[] box = null;
                Instant until = Instant.now().plusSeconds(60);
                while (Instant.now().isBefore(until)) {
                    box = VirtualDesktop.box(desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(60)));
                    if (box[1] >= 0 && box[1] + box[3] <= 33 && box[0] < 100) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertTrue(box[1] >= 0 && box[1] + box[3] <= 33 && box[0] < 100,
                        "the XEmbed icon sits in the panel: " + java.util.Arrays.toString(box) + "\n" + tray.logText());
                desktop.screenshot("issue16-awt-icon-in-xfce-panel");
                assertTrue(panel.registeredItems().contains("@as []") || !panel.registeredItems().contains("StatusNotifierItem-"),
                        "no StatusNotifierItem when AWT is forced: " + panel.registeredItems());
            }
        }
    }

    @Test
    void withSniForcedBeforeThePanelStartsTheTrayWaitsAndRegistersWhenItComes() throws Exception {
        try (XfcePanel panel = XfcePanel.start(tmp, desktop.env())) {
            Map<String, String> env = homeWithProfiles(panel);
            env.put("TOKENTRAY_TRAY", "sni");
            panel.stop();
            try (ManagedProcess tray = tray(env)) {
                // Two ticks with no watcher to register with: one line, and the tray runs on.
                Thread.sleep((TrayApp.TICK_SECONDS * 2 + 2) * 1000);
                assertTrue(tray.process().isAlive(), "the tray ended without a watcher:\n" + tray.logText());
                List<String> failed = tray.logText().lines()
                        .filter(l -> l.startsWith("tokentray: no panel took the tray icon (org.kde.StatusNotifierWatcher: "))
                        .toList();
                assertEquals(1, failed.size(), tray.logText());
                assertTrue(failed.get(0).endsWith("); it shows when a panel starts"), failed.get(0));
                assertTrue(!tray.logText().contains("\tat "), "no stack trace:\n" + tray.logText());
                // The panel comes: the item registers with its watcher.
                panel.startAgain();
                awaitRegistered(panel, tray, Duration.ofSeconds(20));
            }
        }
    }

    @Test
    void anUnknownBackendIsBadUsage() throws Exception {
        home = new TestHome(tmp.resolve("home"));
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        env.put("TOKENTRAY_TRAY", "kde");
        Run run = TestHome.process(List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), "", env);
        assertEquals(2, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("TOKENTRAY_TRAY=kde names no tray backend: use sni"), run.err());
    }

    /** Takes screenshots named {@code shotName} until the panel's left end shows the icon's dark strokes, up to 15 s. */
    private static void awaitIconInPanel(XfcePanel panel, String shotName, String what) throws Exception {
        Path shot = null;
        int dark = 0;
        Instant drawnBy = Instant.now().plusSeconds(15);
        while (dark < 20 && Instant.now().isBefore(drawnBy)) {
            Thread.sleep(300);
            shot = desktop.screenshot(shotName);
            dark = VirtualDesktop.darkPixels(ImageIO.read(shot.toFile()), new int[] {0, 0, 32, 32});
        }
        assertTrue(dark >= 20, what + ": " + shot + " (" + dark + " dark pixels)\npanel log:\n" + panel.panelLog());
    }

    /** The item's Status property once it reads {@code status} (within a tick and a bit); what it last read otherwise. */
    private static String awaitStatus(XfcePanel panel, String name, String status) throws Exception {
        Instant until = Instant.now().plusSeconds(TrayApp.TICK_SECONDS + 10);
        String read;
        do {
            read = panel.gdbusCall("-d", name, "-o", "/StatusNotifierItem", "-m", "org.freedesktop.DBus.Properties.Get",
                    "org.kde.StatusNotifierItem", "Status").out().strip();
            if (read.contains("'" + status + "'")) {
                return read;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(until));
        return read;
    }

    /** The dbusmenu id of the entry labelled {@code label} in gdbus' printout of a layout. */
    private static String idOf(String layout, String label) {
        Matcher m = Pattern.compile("\\((\\d+), \\{'label': <'" + Pattern.quote(label) + "'>").matcher(layout);
        assertTrue(m.find(), label + " is not in " + layout);
        return m.group(1);
    }
}
