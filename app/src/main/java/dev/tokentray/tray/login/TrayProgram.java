package dev.tokentray.tray.login;

import java.util.function.Predicate;

/** The program a login item runs (with "tray") to start the tray. */
public final class TrayProgram {
    /** The tray's own launcher in an installed app: tuned for a long run, and no console on Windows. */
    static final String TRAY_LAUNCHER = "tokentray-tray";

    private TrayProgram() {
    }

    /**
     * In an installed app ({@code appPath}, the launcher running, which jpackage's launchers name in
     * jpackage.app-path), the tray launcher beside it if there is one, else that launcher;
     * elsewhere {@code launcher} (bin/tokentray's full path in a checkout).
     */
    public static String find(String appPath, String launcher, Predicate<String> executable) {
        if (appPath == null || appPath.isBlank()) {
            return launcher;
        }
        int folder = Math.max(appPath.lastIndexOf('/'), appPath.lastIndexOf('\\')) + 1;
        String tray = appPath.substring(0, folder) + TRAY_LAUNCHER + (appPath.endsWith(".exe") ? ".exe" : "");
        return executable.test(tray) ? tray : appPath;
    }
}
