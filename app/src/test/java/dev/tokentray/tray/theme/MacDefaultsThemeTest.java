package dev.tokentray.tray.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.tray.theme.DesktopTheme.Scheme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** macOS's AppleInterfaceStyle as {@code defaults read -g} prints it. */
class MacDefaultsThemeTest {
    @Test
    void darkModePrintsDark() {
        List<List<String>> asked = new ArrayList<>();
        assertEquals(Scheme.DARK, new MacDefaultsTheme(command -> {
            asked.add(command);
            return "Dark\n";
        }).scheme());
        assertEquals(List.of(List.of("defaults", "read", "-g", "AppleInterfaceStyle")), asked);
    }

    @Test
    void lightModeHasNoSuchKeyAndTheCommandFails() {
        // "The domain/default pair of (kCFPreferencesAnyApplication, AppleInterfaceStyle) does not exist", exit 1.
        assertEquals(Scheme.LIGHT, new MacDefaultsTheme(command -> null).scheme());
    }

    @Test
    void anythingElseIsLight() {
        assertEquals(Scheme.LIGHT, new MacDefaultsTheme(command -> "Light\n").scheme());
        assertEquals(Scheme.LIGHT, new MacDefaultsTheme(command -> "").scheme());
    }
}
