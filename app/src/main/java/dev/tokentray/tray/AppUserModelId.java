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
 * id in its System.AppUserModel.ID property; without one, only a Windows run tells what it shows
 * (installer/README.md).
 */
final class AppUserModelId {
    /** As the macOS bundle and launch agent are named: CompanyName.ProductName, no spaces, under 128 characters. */
    static final String ID = "dev.tokentray.tray";

    private AppUserModelId() {
    }

    /** Sets the id when this JVM runs on Windows; JNA is loaded for it there only. */
    static void apply(String osName) {
        if (isWindows(osName)) {
            apply(osName, Shell32AppUserModelId::new, System.err::println);
        }
    }

    static void apply(String osName, Supplier<ProcessAppUserModelId> windows, Consumer<String> warn) {
        if (!isWindows(osName)) {
            return;
        }
        try {
            windows.get().set(ID);
        } catch (RuntimeException | LinkageError e) {
            warn.accept("tokentray: notices may be named after the Java runtime, not tokentray: " + e.getMessage());
        }
    }

    private static boolean isWindows(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
