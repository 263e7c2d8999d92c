package dev.tokentray.tray.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tokentray.tray.theme.DesktopTheme.Scheme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AppsUseLightTheme in the current user's Personalize key, through an injected registry reader. */
class WindowsRegistryThemeTest {
    @Test
    void zeroIsDarkAndTheRightValueIsAsked() {
        List<String> asked = new ArrayList<>();
        assertEquals(Scheme.DARK, new WindowsRegistryTheme((key, value) -> {
            asked.add(key + "\\" + value);
            return 0;
        }).scheme());
        assertEquals(List.of("Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize\\AppsUseLightTheme"), asked);
    }

    @Test
    void oneIsLight() {
        assertEquals(Scheme.LIGHT, new WindowsRegistryTheme((key, value) -> 1).scheme());
    }

    @Test
    void noValueIsLight() {
        // Windows before 10 1809 has no app mode at all.
        assertEquals(Scheme.LIGHT, new WindowsRegistryTheme((key, value) -> null).scheme());
    }

    @Test
    void aRegistryErrorIsLightNotAFailure() {
        assertEquals(Scheme.LIGHT, new WindowsRegistryTheme((key, value) -> {
            // What Advapi32Util.registryGetIntValue throws for a value that is no DWORD.
            throw new RuntimeException("Unexpected registry type 1, expected 4");
        }).scheme());
    }
}
