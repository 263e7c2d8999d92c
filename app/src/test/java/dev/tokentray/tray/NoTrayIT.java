package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.VirtualDesktop;
import dev.tokentray.testing.XfcePanel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tokentray tray` on a desktop with no tray host: the window opens instead and says why; a tray
 * that starts later (an XEmbed tray, or a panel hosting StatusNotifierItems) takes the icon and
 * the window stops being the app.
 */
class NoTrayIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop(false);

    /** The banner's background in tokentray.css. */
    private static final int BANNER = 0xfff4d6;

    @TempDir
    Path tmp;

    @Test
    void theWindowOpensInsteadOfTheIconAndSaysWhy() throws Exception {
        try (ManagedProcess tray = tray(env(devHome(tmp)))) {
            // Drawn where X says it is: more than half of its box lit in a screenshot.
            int[] box = awaitWindow();
            assertTrue(box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= 1024 && box[1] + box[3] <= 768,
                    "the window is on the 1024x768 screen: " + Arrays.toString(box));
            assertTrue(tray.logText().contains("No system tray on this desktop"), tray.logText());
            assertFalse(TestHome.process(List.of("xwininfo", "-root", "-tree"), "", desktop.env()).out()
                    .contains("JavaEmbeddedFrame"), "no tray icon was embedded anywhere");
            // The banner that says why is drawn across the top of the window, in its own colour.
            awaitBanner(box, true, "tray-no-tray-host");
            // Without a window manager nothing can send the window a close request; that closing it quits
            // is covered by ProfilesWindowTest.
        }
    }

    @Test
    void anXembedTrayStartingLaterTakesTheIconAndTheBannerGoes() throws Exception {
        try (ManagedProcess tray = tray(env(devHome(tmp)))) {
            int[] box = awaitWindow();
            awaitBanner(box, true, "issue16-window-before-late-xembed-tray");
            try (ManagedProcess trayer = ManagedProcess.start("trayer", List.of("trayer", "--edge", "bottom",
                    "--SetDockType", "true"), desktop.env(), null)) {
                desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(TrayApp.TICK_SECONDS + 15));
                assertTrue(tray.logText().contains("a system tray appeared"), tray.logText());
                awaitBanner(box, false, "issue16-window-after-late-xembed-tray");
                assertTrue(trayer.process().isAlive(), trayer.logText());
            }
            assertTrue(tray.process().isAlive(), tray.logText());
        }
    }

    @Test
    void aPanelStartingLaterGetsTheIconAsAStatusNotifierItemAndTheBannerGoes() throws Exception {
        try (XfcePanel panel = XfcePanel.withoutPanel(tmp.resolve("panel"), desktop.env())) {
            Map<String, String> env = env(devHome(tmp.resolve("home")));
            env.putAll(panel.busEnv());
            try (ManagedProcess tray = tray(env)) {
                int[] box = awaitWindow();
                awaitBanner(box, true, "issue16-window-before-late-sni-panel");
                assertTrue(tray.logText().contains("No system tray on this desktop"), tray.logText());

                panel.startAgain();
                Pattern item = Pattern.compile("'org\\.kde\\.StatusNotifierItem-\\d+-1/StatusNotifierItem'");
                String listed = panel.registeredItems();
                for (Instant until = Instant.now().plusSeconds(TrayApp.TICK_SECONDS + 10);
                        !item.matcher(listed).find() && Instant.now().isBefore(until); ) {
                    Thread.sleep(200);
                    listed = panel.registeredItems();
                }
                assertTrue(item.matcher(listed).find(), "the late panel's watcher lists no tokentray item: " + listed
                        + "\ntray log:\n" + tray.logText());
                assertTrue(tray.logText().contains("a system tray appeared"), tray.logText());
                awaitBanner(box, false, "issue16-window-after-late-sni-panel");
                // The panel hosts XEmbed icons too: whichever it offered first, one icon is left, the item.
                for (Instant until = Instant.now().plusSeconds(TrayApp.TICK_SECONDS + 5);
                        desktop.hasWindow("JavaEmbeddedFrame") && Instant.now().isBefore(until); ) {
                    Thread.sleep(200);
                }
                assertFalse(desktop.hasWindow("JavaEmbeddedFrame"), "an XEmbed icon beside the item");
                assertTrue(tray.process().isAlive(), tray.logText());
                assertFalse(tray.logText().contains("\tat "), "no stack trace:\n" + tray.logText());
            }
        }
    }

    /** The home's environment on the test's display. */
    private static Map<String, String> env(TestHome home) {
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        return env;
    }

    private static ManagedProcess tray(Map<String, String> env) {
        return ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(), "tray"), env, null);
    }

    /** The tray's window, once drawn where X says it is (more than half of its box lit); its box. */
    private static int[] awaitWindow() throws Exception {
        return VirtualDesktop.box(desktop.awaitDrawnWindow("\"tokentray\"", 100, 50, "tray-no-tray-host",
                Duration.ofSeconds(60)));
    }

    private static TestHome devHome(Path dir) throws java.io.IOException {
        return new TestHome(dir).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
    }

    /** Looks at the window until its banner is (or is no longer) drawn across its top; returns the last screenshot. */
    private Path awaitBanner(int[] box, boolean shown, String shotName) throws Exception {
        int[] banner = null;
        Path shot = null;
        for (Instant until = Instant.now().plusSeconds(10); Instant.now().isBefore(until); Thread.sleep(200)) {
            shot = desktop.screenshot(shotName);
            BufferedImage image = ImageIO.read(shot.toFile());
            banner = VirtualDesktop.boxWhere(image, box, (x, y) -> (image.getRGB(x, y) & 0xFFFFFF) == BANNER);
            if (spansTheTop(banner, box) == shown) {
                return shot;
            }
        }
        throw new AssertionError((shown ? "no banner (#fff4d6) across the top of the window " : "the banner is still drawn ")
                + Arrays.toString(banner) + " in the window " + Arrays.toString(box) + " in " + shot);
    }

    /** A box at most 10 px below the window's top, over three quarters of its width and at least a line of text high. */
    private static boolean spansTheTop(int[] banner, int[] window) {
        return banner != null && banner[1] - window[1] < 10 && banner[2] > window[2] * 3 / 4 && banner[3] >= 20;
    }
}
