package dev.tokentray.tray;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.tray.TrayIcons.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Guesses whether the tray sits on a dark panel (wanting light strokes) or a light one. No desktop
 * says so directly, so this reads what is cheap and telling, once:
 * <ul>
 * <li>TOKENTRAY_TRAY_ICONS=light|dark wins, for any desktop this guesses wrong;</li>
 * <li>macOS: dark mode ({@code defaults read -g AppleInterfaceStyle}) means a dark menu bar;</li>
 * <li>Windows: SystemUsesLightTheme in the registry is the taskbar's own shade;</li>
 * <li>GNOME Shell, Unity, Cinnamon, Xfce, Budgie and Pantheon draw dark panels by default. GNOME's
 *     top bar is dark in both its light and dark styles, so its color-scheme setting says nothing
 *     about the bar and gsettings is not asked. GNOME Classic's bar is light;</li>
 * <li>KDE Plasma: the panel follows the colour scheme in kdeglobals, light by default (Breeze),
 *     dark for Breeze Dark and Breeze Twilight;</li>
 * <li>any other desktop (MATE, LXDE, a window manager with trayer or stalonetray) paints its panel
 *     with the GTK theme: dark strokes unless GTK_THEME or ~/.config/gtk-3.0/settings.ini asks
 *     for a dark theme.</li>
 * </ul>
 */
final class PanelShade {
    static final String OVERRIDE = "TOKENTRAY_TRAY_ICONS";

    private PanelShade() {
    }

    static Variant ofThisDesktop() {
        return guess(System.getProperty("os.name", ""), System.getenv(),
                Path.of(System.getProperty("user.home", ".")), PanelShade::output);
    }

    /**
     * The guess from these facts; {@code ask} runs a command and returns its output, or "" when it
     * fails (it is called at most once).
     */
    static Variant guess(String osName, Map<String, String> env, Path home, Function<List<String>, String> ask) {
        String override = env.getOrDefault(OVERRIDE, "").trim().toLowerCase(Locale.ROOT);
        if (override.equals("light")) {
            return Variant.LIGHT;
        }
        if (override.equals("dark")) {
            return Variant.DARK;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return ask.apply(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).contains("Dark")
                    ? Variant.LIGHT : Variant.DARK;
        }
        if (os.startsWith("windows")) {
            String answer = ask.apply(List.of("reg", "query",
                    "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v", "SystemUsesLightTheme"));
            // Missing before Windows 10 1903, whose taskbar is dark.
            return answer.matches("(?s).*SystemUsesLightTheme\\s+REG_DWORD\\s+0x0*1\\b.*") ? Variant.DARK : Variant.LIGHT;
        }
        String desktop = env.getOrDefault("XDG_CURRENT_DESKTOP", "").toLowerCase(Locale.ROOT);
        if (desktop.contains("gnome-classic")) {
            return Variant.DARK;
        }
        if (desktop.contains("kde")) {
            return kdePanel(env, home);
        }
        for (String dark : List.of("gnome", "unity", "cinnamon", "xfce", "budgie", "pantheon")) {
            if (desktop.contains(dark)) {
                return Variant.LIGHT;
            }
        }
        return gtkThemeIsDark(env, home) ? Variant.LIGHT : Variant.DARK;
    }

    private static boolean gtkThemeIsDark(Map<String, String> env, Path home) {
        if (env.getOrDefault("GTK_THEME", "").toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        for (String setting : settings(configHome(env, home).resolve("gtk-3.0/settings.ini"))) {
            if (setting.startsWith("gtk-theme-name") && setting.contains("dark")
                    || setting.matches("gtk-application-prefer-dark-theme\\s*=\\s*(1|true)")) {
                return true;
            }
        }
        return false;
    }

    private static Variant kdePanel(Map<String, String> env, Path home) {
        for (String setting : settings(configHome(env, home).resolve("kdeglobals"))) {
            if ((setting.startsWith("lookandfeelpackage=") || setting.startsWith("colorscheme="))
                    && (setting.contains("dark") || setting.contains("twilight"))) {
                return Variant.LIGHT;
            }
        }
        return Variant.DARK;
    }

    private static Path configHome(Map<String, String> env, Path home) {
        String configHome = env.get("XDG_CONFIG_HOME");
        return configHome == null || configHome.isBlank() ? home.resolve(".config") : Path.of(configHome);
    }

    /** The trimmed, lower-cased lines of an ini-style file; none when it is missing or unreadable. */
    private static List<String> settings(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(line -> line.trim().toLowerCase(Locale.ROOT)).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String output(List<String> command) {
        try {
            Process process = ChildEnvironment.builder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            try (InputStream in = process.getInputStream()) {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return "";
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
