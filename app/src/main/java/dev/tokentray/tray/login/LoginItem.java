package dev.tokentray.tray.login;

import dev.tokentray.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Starting the tray when the person logs in; one implementation per OS. */
public interface LoginItem {
    /** Whether this OS has a login item tokentray can write; every desktop OS does. */
    default boolean supported() {
        return true;
    }

    boolean enabled();

    void set(boolean on);

    /** The implementation for this OS, or one that says it is not supported. */
    static LoginItem forThisOs(Env env, String launcher) {
        return forOs(System.getProperty("os.name", ""), env, launcher, System.getProperty("jpackage.app-path"));
    }

    /**
     * {@code launcher} is the command the tray gives the shim (TOKENTRAY_LAUNCHER, else a launcher
     * beside the one running); {@code appPath} the launcher running, in an installed app.
     */
    static LoginItem forOs(String osName, Env env, String launcher, String appPath) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux") || os.contains("bsd")) {
            return new XdgAutostart(env, launcher);
        }
        if (os.startsWith("mac")) {
            return new LaunchAgent(env, TrayProgram.find(appPath, launcher, LoginItem::executable));
        }
        if (os.startsWith("windows")) {
            return new WindowsRunKey(new Advapi32RunKeyValues(), TrayProgram.find(appPath, launcher, LoginItem::executable));
        }
        return new UnsupportedLoginItem();
    }

    private static boolean executable(String path) {
        return Files.isExecutable(Path.of(path));
    }
}
