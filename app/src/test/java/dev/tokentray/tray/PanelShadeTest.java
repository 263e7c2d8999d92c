package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.tray.TrayIcons.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelShadeTest {
    @TempDir
    Path home;

    private final List<List<String>> asked = new ArrayList<>();

    private Function<List<String>, String> answering(String output) {
        return command -> {
            asked.add(command);
            return output;
        };
    }

    @Test
    void theOverrideWinsEverywhere() {
        assertEquals(Variant.DARK, PanelShade.guess("Linux", Map.of("TOKENTRAY_TRAY_ICONS", "dark"), home, answering("")));
        assertEquals(Variant.LIGHT, PanelShade.guess("Mac OS X", Map.of("TOKENTRAY_TRAY_ICONS", " Light "), home, answering("")));
        assertEquals(List.of(), asked, "nothing asked when told");
    }

    @Test
    void macOsFollowsDarkMode() {
        assertEquals(Variant.LIGHT, PanelShade.guess("Mac OS X", Map.of(), home, answering("Dark\n")));
        assertEquals(Variant.DARK, PanelShade.guess("Mac OS X", Map.of(), home,
                answering("The domain/default pair of (kCFPreferencesAnyApplication, AppleInterfaceStyle) does not exist\n")));
        assertEquals(List.of("defaults", "read", "-g", "AppleInterfaceStyle"), asked.get(0));
    }

    @Test
    void windowsFollowsTheTaskbarsOwnSetting() {
        String key = "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize\r\n"
                + "    SystemUsesLightTheme    REG_DWORD    ";
        assertEquals(Variant.DARK, PanelShade.guess("Windows 11", Map.of(), home, answering(key + "0x1\r\n\r\n")));
        assertEquals(Variant.LIGHT, PanelShade.guess("Windows 10", Map.of(), home, answering(key + "0x0\r\n\r\n")));
        assertEquals(Variant.LIGHT, PanelShade.guess("Windows 10", Map.of(), home,
                answering("ERROR: The system was unable to find the specified registry key or value.")));
        assertEquals(Variant.LIGHT, PanelShade.guess("Windows 10", Map.of(), home, answering("")));
    }

    @Test
    void gnomeAndTheOtherDarkPanelDesktops() {
        for (String desktop : List.of("ubuntu:GNOME", "GNOME", "Unity", "X-Cinnamon", "XFCE", "Budgie:GNOME", "Pantheon")) {
            assertEquals(Variant.LIGHT, PanelShade.guess("Linux", Map.of("XDG_CURRENT_DESKTOP", desktop), home, answering("")), desktop);
        }
        assertEquals(Variant.DARK, PanelShade.guess("Linux", Map.of("XDG_CURRENT_DESKTOP", "GNOME-Classic:GNOME"), home, answering("")));
        assertEquals(List.of(), asked, "no process on Linux");
    }

    /** MATE, LXDE, trayer and stalonetray paint their panel with the GTK theme. */
    @Test
    void otherDesktopsFollowTheGtkTheme() throws Exception {
        Map<String, String> mate = Map.of("XDG_CURRENT_DESKTOP", "MATE");
        assertEquals(Variant.DARK, PanelShade.guess("Linux", mate, home, answering("")), "Adwaita by default: light");
        assertEquals(Variant.DARK, PanelShade.guess("Linux", Map.of(), home, answering("")), "no desktop named");
        assertEquals(Variant.LIGHT, PanelShade.guess("Linux", Map.of("GTK_THEME", "Adwaita:dark"), home, answering("")));
        Path gtk = Files.createDirectories(home.resolve(".config/gtk-3.0"));
        Files.writeString(gtk.resolve("settings.ini"), "[Settings]\ngtk-theme-name=Arc-Dark\n");
        assertEquals(Variant.LIGHT, PanelShade.guess("Linux", mate, home, answering("")));
        Files.writeString(gtk.resolve("settings.ini"), "[Settings]\ngtk-theme-name=Adwaita\ngtk-application-prefer-dark-theme = 1\n");
        assertEquals(Variant.LIGHT, PanelShade.guess("Linux", mate, home, answering("")));
        Files.writeString(gtk.resolve("settings.ini"), "[Settings]\ngtk-theme-name=Adwaita\ngtk-application-prefer-dark-theme=0\n");
        assertEquals(Variant.DARK, PanelShade.guess("Linux", mate, home, answering("")));
    }

    @Test
    void kdeFollowsItsColourScheme() throws Exception {
        Map<String, String> kde = Map.of("XDG_CURRENT_DESKTOP", "KDE");
        assertEquals(Variant.DARK, PanelShade.guess("Linux", kde, home, answering("")), "Breeze by default: a light panel");
        Path config = Files.createDirectories(home.resolve(".config"));
        Files.writeString(config.resolve("kdeglobals"), "[General]\nColorScheme=BreezeDark\n");
        assertEquals(Variant.LIGHT, PanelShade.guess("Linux", kde, home, answering("")));
        Files.writeString(config.resolve("kdeglobals"), "[General]\nColorScheme=BreezeLight\n[KDE]\nLookAndFeelPackage=org.kde.breezetwilight.desktop\n");
        assertEquals(Variant.LIGHT, PanelShade.guess("Linux", kde, home, answering("")), "Twilight: light windows, dark panel");
        Files.writeString(config.resolve("kdeglobals"), "[General]\nColorScheme=BreezeClassic\n");
        assertEquals(Variant.DARK, PanelShade.guess("Linux", kde, home, answering("")));
        Path elsewhere = Files.createDirectories(home.resolve("xdg"));
        Files.writeString(elsewhere.resolve("kdeglobals"), "[General]\nColorScheme=BreezeDark\n");
        assertEquals(Variant.LIGHT, PanelShade.guess("Linux",
                Map.of("XDG_CURRENT_DESKTOP", "KDE", "XDG_CONFIG_HOME", elsewhere.toString()), home, answering("")));
    }
}
