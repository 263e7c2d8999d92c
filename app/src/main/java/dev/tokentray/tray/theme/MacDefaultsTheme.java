package dev.tokentray.tray.theme;

import java.util.List;

/**
 * macOS: {@code defaults read -g AppleInterfaceStyle} prints {@code Dark} in dark mode; in light
 * mode the key does not exist and the command fails.
 */
public final class MacDefaultsTheme implements DesktopTheme {
    private final CommandOutput commands;

    public MacDefaultsTheme(CommandOutput commands) {
        this.commands = commands;
    }

    @Override
    public Scheme scheme() {
        return fromDefaults(commands.run(List.of("defaults", "read", "-g", "AppleInterfaceStyle")));
    }

    static Scheme fromDefaults(String output) {
        return output != null && output.strip().equalsIgnoreCase("Dark") ? Scheme.DARK : Scheme.LIGHT;
    }
}
