package dev.tokentray.core;

import java.nio.file.Path;

/**
 * The tray's settings as it runs with them: read from TOKENTRAY_HOME/settings.properties at start,
 * and replaced, in the file and here together, when the Settings window saves.
 */
public final class SettingsFile {
    private final Path home;
    private volatile Settings current;

    private SettingsFile(Path home, Settings current) {
        this.home = home;
        this.current = current;
    }

    /** The settings in {@code home} (see {@link Settings#load}). */
    public static SettingsFile load(Path home) {
        return new SettingsFile(home, Settings.load(home));
    }

    public Settings current() {
        return current;
    }

    /** Writes {@code next} to the file, then runs with it; a write that fails changes neither. */
    public void save(Settings next) {
        next.save(home);
        current = next;
    }
}
