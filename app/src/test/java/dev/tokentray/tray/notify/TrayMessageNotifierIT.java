package dev.tokentray.tray.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.VirtualDesktop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback notifier on a real X display with a real XEmbed tray (Xvfb + trayer): AWT draws its
 * own message bubble by the icon, and a click on it runs the notice's onClick.
 */
class TrayMessageNotifierIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();

    @TempDir
    Path tmp;

    @Test
    void clickingTheTrayMessageRunsTheNoticesOnClickOnce() throws Exception {
        Map<String, String> env = new HashMap<>(desktop.env());
        env.put("HOME", tmp.toString());
        List<String> command = List.of(Project.java().toString(), "-cp", Project.testClasspath(),
                TrayMessageProbe.class.getName());
        try (ManagedProcess probe = ManagedProcess.start("tray-message", command, env, tmp)) {
            awaitLog(probe, "shown");
            // AWT maps the bubble at 1x1, sizes it to its text, moves it by the icon, then paints it.
            String balloon = desktop.awaitDrawnWindow("\"win0\": (\"" + TrayMessageProbe.class.getName().replace('.', '-'),
                    60, 20, "tray-message", Duration.ofSeconds(20));
            int[] box = VirtualDesktop.box(balloon);

            desktop.click(box[0] + box[2] / 3, box[1] + box[3] * 3 / 4, 1);
            awaitLog(probe, "clicked dev on tokentray-tray-messages");

            // The icon's own double click fires the same listener: it must not run the notice again.
            int[] icon = VirtualDesktop.centre(desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(5)));
            TestHome.process(List.of("xdotool", "mousemove", Integer.toString(icon[0]), Integer.toString(icon[1]),
                    "click", "--repeat", "2", "--delay", "80", "1"), "", desktop.env());
            for (int i = 0; i < 50 && count(probe, "icon action") < 2; i++) {
                Thread.sleep(100);
            }
            assertTrue(count(probe, "icon action") >= 2, "the double click reached the icon: " + probe.logText());
            Thread.sleep(300);
            assertEquals(1, count(probe, "clicked dev"), probe.logText());

            probe.process().getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
            probe.process().getOutputStream().flush();
            assertTrue(probe.process().waitFor(20, TimeUnit.SECONDS), "the probe exits: " + probe.logText());
            assertEquals(0, probe.process().exitValue(), probe.logText());
        }
    }

    private static void awaitLog(ManagedProcess process, String text) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (process.logText().contains(text)) {
                return;
            }
            if (!process.process().isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no \"" + text + "\" from " + process + ":\n" + process.logText());
    }

    private static long count(ManagedProcess process, String text) {
        return process.logText().lines().filter(line -> line.startsWith(text)).count();
    }
}
