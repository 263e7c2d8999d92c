package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MenuBarOnlyTest {
    @Test
    void onMacOsTheTrayAsksBothToolkitsForNoDockIconAndAwtForTemplateImages() {
        Properties properties = new Properties();
        MenuBarOnly.apply("Mac OS X", properties);
        assertEquals(Map.of("glass.taskbarApplication", "false", "apple.awt.UIElement", "true",
                "apple.awt.enableTemplateImages", "true"), Map.copyOf(properties));
        assertTrue(MenuBarOnly.templateImages("Mac OS X", properties), "the tray draws template renditions");
    }

    /**
     * AWT reads the property once, when its first menu-bar icon is made, and then hands macOS every
     * image as a template: the icons drawn must follow what it read, not what the tray would like.
     */
    @Test
    void theTemplateRenditionsAreDrawnExactlyWhenAwtTakesImagesAsTemplates() {
        Properties off = new Properties();
        off.setProperty("apple.awt.enableTemplateImages", "false");
        MenuBarOnly.apply("Mac OS X", off);
        assertEquals("false", off.getProperty("apple.awt.enableTemplateImages"), "a -D given on the command line wins");
        assertFalse(MenuBarOnly.templateImages("Mac OS X", off));

        Properties on = new Properties();
        on.setProperty("apple.awt.enableTemplateImages", "true");
        assertTrue(MenuBarOnly.templateImages("Mac OS X", on));
        // Only macOS has template images: elsewhere the property is nobody's, and the icons keep their colours.
        for (String os : List.of("Linux", "Windows 11", "FreeBSD")) {
            assertFalse(MenuBarOnly.templateImages(os, on), os);
        }
        assertFalse(MenuBarOnly.templateImages("Mac OS X", new Properties()), "AWT's default is off");
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

    /** The installed tray's JVM starts with template images on, whatever runs before the tray's code. */
    @Test
    void theMacTrayLauncherStartsItsJvmWithTemplateImages() throws Exception {
        List<String> lines = Files.readAllLines(Project.root().resolve("installer/macos/jpackage.cfg"));
        assertTrue(lines.contains("--java-options -Dapple.awt.enableTemplateImages=true"),
                "installer/macos/jpackage.cfg has no '--java-options -Dapple.awt.enableTemplateImages=true' line");
    }
}
