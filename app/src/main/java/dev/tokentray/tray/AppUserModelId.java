package dev.tokentray.tray;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The tray's AppUserModelID on Windows. Windows 10 and 11 show AWT's tray messages as toasts, named
 * after the process's AppUserModelID; without an explicit one Windows derives it from the program,
 * and a tray run by java.exe says "OpenJDK Platform binary" (java.exe's file description).
 * SetCurrentProcessExplicitAppUserModelID must come before the process shows any window or notice,
 * so this runs with the tray's other start-up settings, before any toolkit.
 *
 * <p>Windows takes the name and icon of a notice from the Start menu shortcut that carries the same
 * id in its System.AppUserModel.ID property. An installed tray is left to Windows' own id, derived
 * from its launcher, which the Start menu shortcut jpackage made already points at (so its notices
 * are named after that shortcut); an explicit id there with no shortcut carrying it would name them
 * after the bare id, as an app without a shortcut gets. So the installed launcher sets one only
 * when its build stamped the shortcut with it ({@link #PROPERTY}, installer/windows/build).
 */
final class AppUserModelId {
    /** As the macOS bundle and launch agent are named: CompanyName.ProductName, no spaces, under 128 characters. */
    static final String ID = "dev.tokentray.tray";
    /** The id the installed launcher was given, when its Start menu shortcut carries the same one. */
    static final String PROPERTY = "tokentray.appUserModelId";

    private AppUserModelId() {
    }

    /** Sets the id when this JVM runs on Windows and should (see above); JNA is loaded for it there only. */
    static void apply(String osName) {
        String id = id(System.getProperty("jpackage.app-path"), System.getProperty(PROPERTY));
        if (isWindows(osName) && id != null) {
            apply(osName, id, Shell32AppUserModelId::new, System.err::println);
        }
    }

    /**
     * The id for a tray run by {@code installedLauncher} (null: java.exe, whose notices would read
     * "OpenJDK Platform binary"), given {@code stamped}, the id its build gave the shortcut; null
     * to leave Windows' own.
     */
    static String id(String installedLauncher, String stamped) {
        if (stamped != null && !stamped.isBlank()) {
            return stamped;
        }
        return installedLauncher == null ? ID : null;
    }

    static void apply(String osName, String id, Supplier<ProcessAppUserModelId> windows, Consumer<String> warn) {
        if (!isWindows(osName)) {
            return;
        }
        try {
            windows.get().set(id);
        } catch (RuntimeException | LinkageError e) {
            warn.accept("tokentray: notices may be named after the Java runtime, not tokentray: " + e.getMessage());
        }
    }

    private static boolean isWindows(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
