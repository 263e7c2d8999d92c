package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.VirtualDesktop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `tokentray tray` on a desktop with no tray host: the window opens instead and says why. */
class NoTrayIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop(false);

    @TempDir
    Path tmp;

    @Test
    void theWindowOpensInsteadOfTheIconAndSaysWhy() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        try (ManagedProcess tray = ManagedProcess.start("tray", List.of(Project.root().resolve("bin/tokentray").toString(),
                "tray"), env, null)) {
            String window = desktop.awaitWindow("\"tokentray\"", 100, 50, Duration.ofSeconds(60));
            Thread.sleep(1500);
            desktop.screenshot("tray-no-tray-host");
            assertTrue(tray.logText().contains("No system tray on this desktop"), tray.logText());
            // Without a window manager nothing can send the window a close request; that closing it quits
            // is covered by ProfilesWindowTest.
            assertTrue(VirtualDesktop.origin(window)[0] >= 0);
        }
    }
}
