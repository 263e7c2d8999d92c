package dev.tokentray.tray.theme;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinReg;

/**
 * Windows 10 and 11: {@code AppsUseLightTheme} under
 * {@code HKCU\Software\Microsoft\Windows\CurrentVersion\Themes\Personalize} is 0 when apps are
 * to be dark (Settings → Personalization → Colors → "Choose your app mode").
 */
public final class WindowsRegistryTheme implements DesktopTheme {
    static final String KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize";
    static final String VALUE = "AppsUseLightTheme";

    /** Reads a DWORD of the current user's registry, or null when it is not there. */
    @FunctionalInterface
    public interface DwordReader {
        Integer read(String key, String value);
    }

    /** The registry through advapi32, by JNA; only ever called on Windows. */
    public static final DwordReader ADVAPI32 = (key, value) ->
            Advapi32Util.registryValueExists(WinReg.HKEY_CURRENT_USER, key, value)
                    ? Advapi32Util.registryGetIntValue(WinReg.HKEY_CURRENT_USER, key, value) : null;

    private final DwordReader registry;

    public WindowsRegistryTheme(DwordReader registry) {
        this.registry = registry;
    }

    @Override
    public Scheme scheme() {
        try {
            return fromAppsUseLightTheme(registry.read(KEY, VALUE));
        } catch (RuntimeException e) {
            // Win32Exception (access denied, a value of another type): the desktop said nothing we can use.
            return Scheme.LIGHT;
        }
    }

    /** 0 is dark; 1, or no value (Windows before 10 1809), light. */
    static Scheme fromAppsUseLightTheme(Integer value) {
        return value != null && value == 0 ? Scheme.DARK : Scheme.LIGHT;
    }
}
