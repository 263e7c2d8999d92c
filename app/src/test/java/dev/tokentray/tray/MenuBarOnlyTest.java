package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MenuBarOnlyTest {
    @Test
    void onMacOsTheTrayAsksBothToolkitsForNoDockIcon() {
        Properties properties = new Properties();
        MenuBarOnly.apply("Mac OS X", properties);
        assertEquals(Map.of("glass.taskbarApplication", "false", "apple.awt.UIElement", "true"), Map.copyOf(properties));
    }

    @Test
    void otherSystemsKeepTheirTaskbarEntry() {
        for (String os : List.of("Linux", "Windows 11", "Windows Server 2022", "FreeBSD")) {
            Properties properties = new Properties();
            MenuBarOnly.apply(os, properties);
            assertTrue(properties.isEmpty(), os + ": " + properties);
        }
    }

    @Test
    void aValueGivenOnTheCommandLineWins() {
        Properties properties = new Properties();
        properties.setProperty("glass.taskbarApplication", "true");
        MenuBarOnly.apply("Mac OS X", properties);
        assertEquals("true", properties.getProperty("glass.taskbarApplication"));
        assertEquals("true", properties.getProperty("apple.awt.UIElement"));
    }

    /** The launcher says so too, so that nothing that runs before the tray's code can start a Dock icon. */
    @Test
    void theMacTrayLauncherStartsItsJvmWithoutADockIcon() throws Exception {
        List<String> lines = Files.readAllLines(Project.root().resolve("installer/macos/jpackage.cfg"));
        assertTrue(lines.contains("--java-options -Dglass.taskbarApplication=false"),
                "installer/macos/jpackage.cfg has no '--java-options -Dglass.taskbarApplication=false' line");
    }
}
