package dev.tokentray.tray.theme;

import java.util.List;
import java.util.Locale;

/**
 * GNOME's settings through {@code gsettings}: {@code color-scheme} ({@code 'prefer-dark'}, GNOME
 * 42 and later), else a GTK theme whose name says dark ({@code 'Adwaita-dark'},
 * {@code 'Greybird-dark'}), which is how Xfce, MATE, Cinnamon and older GNOME choose dark.
 */
public final class GsettingsTheme implements DesktopTheme {
    private static final String SCHEMA = "org.gnome.desktop.interface";

    private final CommandOutput commands;

    public GsettingsTheme(CommandOutput commands) {
        this.commands = commands;
    }

    @Override
    public Scheme scheme() {
        Scheme byColorScheme = fromColorScheme(commands.run(List.of("gsettings", "get", SCHEMA, "color-scheme")));
        if (byColorScheme != null) {
            return byColorScheme;
        }
        return fromGtkTheme(commands.run(List.of("gsettings", "get", SCHEMA, "gtk-theme")));
    }

    /** {@code 'prefer-dark'} is dark, {@code 'prefer-light'} light; {@code 'default'}, nothing or anything else: null (ask the GTK theme). */
    static Scheme fromColorScheme(String output) {
        String value = unquote(output);
        if ("prefer-dark".equals(value)) {
            return Scheme.DARK;
        }
        return "prefer-light".equals(value) ? Scheme.LIGHT : null;
    }

    /** A theme named with "dark" ({@code 'Adwaita-dark'}, {@code 'Yaru-dark'}) is dark; any other, or none, light. */
    static Scheme fromGtkTheme(String output) {
        String value = unquote(output);
        return value != null && value.toLowerCase(Locale.ROOT).contains("dark") ? Scheme.DARK : Scheme.LIGHT;
    }

    /** gsettings prints a GVariant: a string in single quotes, and a newline. */
    private static String unquote(String output) {
        if (output == null) {
            return null;
        }
        String value = output.strip();
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
    }
}
