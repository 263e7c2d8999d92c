package dev.tokentray.tray;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * On macOS the tray is a menu-bar app: no Dock icon and no application menu. LSUIElement in the
 * bundle's Info.plist is not enough: JavaFX's glass turns the process into a foreground app (Dock
 * icon, menu bar) when its toolkit starts unless {@code glass.taskbarApplication} is "false", and
 * then makes it a UI element instead; AWT, when it owns the application, registers it as one only
 * with {@code apple.awt.UIElement=true}. Both are read when the toolkit starts, so this runs before
 * either does.
 */
public final class MenuBarOnly {
    private static final Map<String, String> MAC_OS = Map.of(
            "glass.taskbarApplication", "false",
            "apple.awt.UIElement", "true");

    private MenuBarOnly() {
    }

    /** Sets the properties for this JVM; call before any JavaFX or AWT class starts its toolkit. */
    public static void apply() {
        apply(System.getProperty("os.name", ""), System.getProperties());
    }

    /** A value already given (a {@code -D} on the command line) wins: it is someone's deliberate choice. */
    static void apply(String osName, Properties properties) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return;
        }
        MAC_OS.forEach((name, value) -> {
            if (properties.getProperty(name) == null) {
                properties.setProperty(name, value);
            }
        });
    }
}
