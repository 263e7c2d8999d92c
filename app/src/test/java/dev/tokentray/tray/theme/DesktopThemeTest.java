package dev.tokentray.tray.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tokentray.Env;
import dev.tokentray.tray.theme.DesktopTheme.Scheme;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which source each OS gets, and the user's own fixed choice. */
class DesktopThemeTest {
    @Test
    void eachOsHasItsSource() {
        Env env = new Env(Map.of());
        assertInstanceOf(PortalTheme.class, DesktopTheme.forOs("Linux", env));
        assertInstanceOf(PortalTheme.class, DesktopTheme.forOs("FreeBSD", env));
        assertInstanceOf(MacDefaultsTheme.class, DesktopTheme.forOs("Mac OS X", env));
        assertInstanceOf(WindowsRegistryTheme.class, DesktopTheme.forOs("Windows 11", env));
    }

    @Test
    void theVariableFixesTheScheme() {
        assertEquals(Scheme.DARK, DesktopTheme.forOs("Linux", new Env(Map.of(DesktopTheme.VARIABLE, "dark"))).scheme());
        assertEquals(Scheme.DARK, DesktopTheme.forOs("Windows 11", new Env(Map.of(DesktopTheme.VARIABLE, " Dark "))).scheme());
        assertEquals(Scheme.LIGHT, DesktopTheme.forOs("Mac OS X", new Env(Map.of(DesktopTheme.VARIABLE, "light"))).scheme());
    }

    @Test
    void noSessionBusFallsBackToGsettings() {
        // No DBUS_SESSION_BUS_ADDRESS and no XDG_RUNTIME_DIR: the portal cannot be asked, the fallback is.
        DesktopTheme portal = new PortalTheme(new Env(Map.of()), new FixedTheme(Scheme.DARK));
        assertEquals(Scheme.DARK, portal.scheme());
        assertEquals(false, portal.watch(changed -> { }));
    }
}
