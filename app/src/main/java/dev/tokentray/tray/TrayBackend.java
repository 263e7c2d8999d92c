package dev.tokentray.tray;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws the tray icon and its menu. The app builds the menu ({@link TrayMenu}); a backend only renders it,
 * so an AppIndicator/StatusNotifierItem backend for GNOME and KDE (which show no XEmbed icons)
 * can sit beside the AWT one without touching the rest.
 */
public interface TrayBackend {
    /** Whether this desktop has a tray this backend can draw into. */
    boolean supported();

    /**
     * Shows or updates the icon, its tooltip and its menu; {@code onActivate} runs on a click on
     * the icon itself (or a click on a tray message), where the desktop reports one. Called every
     * tick with the countdowns moved on: a backend keeps what it drew when the menu's shape is the
     * same ({@link TrayMenuItem#sameShape}) and changes only what differs.
     */
    void show(BufferedImage icon, String tooltip, List<TrayMenuItem> menu, Runnable onActivate);

    /** The icon size the tray draws, in pixels, so the rendition that fits is picked instead of a scaled one. */
    default int iconSize() {
        return 24;
    }

    void close();

    /**
     * Runs {@code onLoss} once if the desktop's display server goes away under the tray (a
     * logout), before the toolkits could end the process on their own. Called once the tray is
     * shown or known to be unsupported, so every toolkit has connected by then.
     */
    default void onDesktopLost(Runnable onLoss) {
    }
}
