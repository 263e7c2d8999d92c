package dev.tokentray.tray.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.Env;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.TestHome;
import dev.tokentray.tray.theme.DesktopTheme.Scheme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GNOME's color-scheme and, without one, the GTK theme's name, as gsettings prints them. */
class GsettingsThemeTest {
    @TempDir
    Path dir;

    /** gsettings answering {@code colorScheme} and {@code gtkTheme} (null: the command failed), recording what was asked. */
    private static CommandOutput gsettings(String colorScheme, String gtkTheme, List<List<String>> asked) {
        return command -> {
            asked.add(command);
            return switch (command.get(3)) {
                case "color-scheme" -> colorScheme;
                case "gtk-theme" -> gtkTheme;
                default -> throw new AssertionError("asked for " + command);
            };
        };
    }

    @Test
    void preferDarkIsDarkWhateverTheGtkTheme() {
        List<List<String>> asked = new ArrayList<>();
        assertEquals(Scheme.DARK, new GsettingsTheme(gsettings("'prefer-dark'\n", "'Adwaita'\n", asked)).scheme());
        assertEquals(List.of(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")), asked);
    }

    @Test
    void preferLightIsLightEvenWithADarkGtkTheme() {
        assertEquals(Scheme.LIGHT, new GsettingsTheme(gsettings("'prefer-light'\n", "'Adwaita-dark'\n", new ArrayList<>())).scheme());
    }

    @Test
    void noPreferenceAsksTheGtkThemeName() {
        assertEquals(Scheme.DARK, new GsettingsTheme(gsettings("'default'\n", "'Greybird-dark'\n", new ArrayList<>())).scheme());
        assertEquals(Scheme.DARK, new GsettingsTheme(gsettings("'default'\n", "'Yaru-Dark'\n", new ArrayList<>())).scheme());
        assertEquals(Scheme.LIGHT, new GsettingsTheme(gsettings("'default'\n", "'Adwaita'\n", new ArrayList<>())).scheme());
    }

    @Test
    void anOlderGnomeWithoutColorSchemeAsksTheGtkTheme() {
        // Before GNOME 42 the key does not exist: gsettings fails ("No such key"), which the runner gives as null.
        assertEquals(Scheme.DARK, new GsettingsTheme(gsettings(null, "'Adwaita-dark'\n", new ArrayList<>())).scheme());
    }

    @Test
    void noGsettingsAtAllIsLight() {
        assertEquals(Scheme.LIGHT, new GsettingsTheme(gsettings(null, null, new ArrayList<>())).scheme());
        assertEquals(Scheme.LIGHT, new GsettingsTheme(gsettings("", "''", new ArrayList<>())).scheme());
    }

    /** The real gsettings, on a keyfile backend of the test's own: what a desktop's settings panel writes is what is read. */
    @Test
    void theRealGsettingsIsReadInTheGivenEnvironment() {
        Peers.require("gsettings", "apt-get install libglib2.0-bin gsettings-desktop-schemas");
        Map<String, String> vars = new HashMap<>();
        vars.put("PATH", System.getenv("PATH"));
        vars.put("HOME", dir.toString());
        vars.put("XDG_CONFIG_HOME", dir.toString());
        vars.put("GSETTINGS_BACKEND", "keyfile");
        GsettingsTheme theme = new GsettingsTheme(CommandOutput.in(new Env(vars)));
        assertEquals(Scheme.LIGHT, theme.scheme());

        set(vars, "gtk-theme", "Greybird-dark");
        assertEquals(Scheme.DARK, theme.scheme(), "a dark GTK theme with no color-scheme preference");
        set(vars, "color-scheme", "prefer-light");
        assertEquals(Scheme.LIGHT, theme.scheme(), "prefer-light wins over the theme's name");
        set(vars, "gtk-theme", "Adwaita");
        set(vars, "color-scheme", "prefer-dark");
        assertEquals(Scheme.DARK, theme.scheme());
    }

    private static void set(Map<String, String> env, String key, String value) {
        TestHome.Run run = TestHome.process(List.of("gsettings", "set", "org.gnome.desktop.interface", key, value), "", env);
        assertEquals(0, run.exit(), "gsettings set " + key + ": " + run.err());
    }
}
