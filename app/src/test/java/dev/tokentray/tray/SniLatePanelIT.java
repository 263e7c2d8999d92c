package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.HomeProcesses;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import dev.tokentray.testing.XfcePanel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A panel that starts after the tray, as at a login where the autostarted tray wins the race: the
 * tray begins as AWT's XEmbed icon (in trayer, the only tray then) and, once xfce4-panel's
 * StatusNotifierWatcher appears with its host, becomes a StatusNotifierItem and takes its AWT icon
 * away; when that panel goes for good it moves back to an XEmbed tray, and to the panel again when
 * one returns.
 */
class SniLatePanelIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop(true);

    @TempDir
    Path tmp;
    private TestHome home;

    @AfterEach
    void stopLeftoverTrays() {
        if (home != null) {
            HomeProcesses.stop(home.tokentrayHome(), "tray");
        }
    }

    @Test
    void aPanelStartingAfterTheTrayGetsItAsAStatusNotifierItemAndTheAwtIconGoes() throws Exception {
        // The bus, no panel yet: the tray starts first, in trayer (the only XEmbed tray then).
        try (XfcePanel panel = XfcePanel.withoutPanel(tmp, desktop.env())) {
            home = SniTrayIT.profilesHome(tmp.resolve("home"));
            Map<String, String> env = new HashMap<>(home.envMap());
            env.putAll(desktop.env());
            env.putAll(panel.busEnv());
            try (ManagedProcess tray = ManagedProcess.start("tray",
                    List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), env, null)) {
                desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(60));

                panel.startAgain();
                Pattern item = Pattern.compile("'(org\\.kde\\.StatusNotifierItem-\\d+-1)/StatusNotifierItem'");
                Instant deadline = Instant.now().plusSeconds(TrayApp.TICK_SECONDS + 10);
                String listed = panel.registeredItems();
                Matcher m = item.matcher(listed);
                boolean found = m.find();
                while (!found && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                    listed = panel.registeredItems();
                    m = item.matcher(listed);
                    found = m.find();
                }
                assertTrue(found, "the late panel's watcher lists no tokentray item: " + listed
                        + "\ntray log:\n" + tray.logText() + "\npanel log:\n" + panel.panelLog());
                String name = m.group(1);

                Run layout = panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.GetLayout",
                        "--", "0", "-1", "@as []");
                assertEquals(0, layout.exit(), layout.toString());
                assertTrue(Pattern.compile("'ops  —  4[012]m").matcher(layout.out()).find(), layout.out());
                assertTrue(layout.out().contains("'Unlock dev — password'"), layout.out());
                assertTrue(layout.out().contains("'Quit tokentray'"), layout.out());

                // One icon, not two: the AWT one is removed from every XEmbed tray.
                Instant goneBy = Instant.now().plusSeconds(10);
                while (desktop.hasWindow("JavaEmbeddedFrame") && Instant.now().isBefore(goneBy)) {
                    Thread.sleep(200);
                }
                desktop.screenshot("issue16-sni-after-late-panel");
                assertTrue(!desktop.hasWindow("JavaEmbeddedFrame"), "the AWT icon is still there beside the item");

                // The panel goes for good and an XEmbed tray is what the desktop has now: after the
                // grace a restart gets, the icon is there, and only there.
                panel.stop();
                try (ManagedProcess trayer = ManagedProcess.start("trayer", List.of("trayer", "--edge", "bottom",
                        "--SetDockType", "true"), desktop.env(), null)) {
                    Instant quietUntil = Instant.now().plus(FollowingTrayBackend.SNI_GRACE).minusSeconds(3);
                    while (Instant.now().isBefore(quietUntil)) {
                        assertTrue(!desktop.hasWindow("JavaEmbeddedFrame"),
                                "the icon left its panel's item before a restart's grace was over");
                        Thread.sleep(500);
                    }
                    desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(TrayApp.TICK_SECONDS + 15));
                    desktop.screenshot("issue16-awt-after-panel-gone");
                    assertTrue(tray.logText().contains("so it is now in the XEmbed tray"), tray.logText());
                    assertTrue(trayer.process().isAlive(), trayer.logText());

                    // And back when a panel hosting items returns: the item, and no XEmbed icon beside it.
                    panel.startAgain();
                    listed = panel.registeredItems();
                    for (Instant until = Instant.now().plusSeconds(TrayApp.TICK_SECONDS + 10);
                            !item.matcher(listed).find() && Instant.now().isBefore(until); ) {
                        Thread.sleep(200);
                        listed = panel.registeredItems();
                    }
                    assertTrue(item.matcher(listed).find(), "the returning panel lists no tokentray item: " + listed);
                    for (Instant until = Instant.now().plusSeconds(10);
                            desktop.hasWindow("JavaEmbeddedFrame") && Instant.now().isBefore(until); ) {
                        Thread.sleep(200);
                    }
                    assertTrue(!desktop.hasWindow("JavaEmbeddedFrame"), "the AWT icon stayed beside the returned item");
                    Run again = panel.gdbusCall("-d", name, "-o", "/MenuBar", "-m", "com.canonical.dbusmenu.GetLayout",
                            "--", "0", "-1", "@as []");
                    assertTrue(again.out().contains("'Unlock dev — password'"), again.toString());
                }
                assertTrue(tray.process().isAlive(), tray.logText());
                assertTrue(!tray.logText().contains("\tat "), "no stack trace:\n" + tray.logText());
                // The XEmbed tray going away under AWT's icon is no defect of ours to report.
                assertTrue(!tray.logText().contains("internal error"), tray.logText());
            }
        }
    }
}
