package dev.tokentray.tray;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What the OS must be told about the tray's process before any toolkit starts.
 *
 * <p>On macOS the tray is a menu-bar app: no Dock icon and no application menu. LSUIElement in the
 * bundle's Info.plist is not enough: JavaFX's glass turns the process into a foreground app (Dock
 * icon, menu bar) when its toolkit starts unless {@code glass.taskbarApplication} is "false", and
 * then makes it a UI element instead; AWT, when it owns the application, registers it as one only
 * with {@code apple.awt.UIElement=true}. Both are read when the toolkit starts, so this runs before
 * either does. And its icon is a template image, which macOS tints for a light or a dark menu bar
 * (and for the highlighted item) as it does its own: AWT marks every tray image as one when
 * {@code apple.awt.enableTemplateImages} is true, which JDK 17's {@code sun.lwawt.macosx.CTrayIcon}
 * reads once, in its static initialiser, so when the first tray icon is added; set here, it is in
 * place long before.
 *
 * <p>On Windows the process gets the tray's AppUserModelID (see {@link AppUserModelId}), which
 * must also come before any window or notice.
 */
public final class MenuBarOnly {
    static final String TEMPLATE_IMAGES = "apple.awt.enableTemplateImages";
    private static final Map<String, String> MAC_OS = Map.of(
            "glass.taskbarApplication", "false",
            "apple.awt.UIElement", "true",
            TEMPLATE_IMAGES, "true");

    private MenuBarOnly() {
    }

    /** Sets the properties for this JVM (and on Windows its AppUserModelID); call before any JavaFX or AWT class starts its toolkit. */
    public static void apply() {
        String osName = System.getProperty("os.name", "");
        apply(osName, System.getProperties());
        AppUserModelId.apply(osName);
    }

    /** A value already given (a {@code -D} on the command line) wins: it is someone's deliberate choice. */
    static void apply(String osName, Properties properties) {
        if (!isMacOs(osName)) {
            return;
        }
        MAC_OS.forEach((name, value) -> {
            if (properties.getProperty(name) == null) {
                properties.setProperty(name, value);
            }
        });
    }

    /**
     * Whether AWT hands this JVM's tray images to macOS as template images, which keep only the
     * alpha channel: then the tray must draw its template renditions (TrayIcons.template).
     */
    public static boolean templateImages() {
        return templateImages(System.getProperty("os.name", ""), System.getProperties());
    }

    /** As AWT decides it: {@code Boolean.getBoolean} of the property, on macOS only. */
    static boolean templateImages(String osName, Properties properties) {
        return isMacOs(osName) && "true".equalsIgnoreCase(properties.getProperty(TEMPLATE_IMAGES));
    }

    private static boolean isMacOs(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("mac");
    }
}
