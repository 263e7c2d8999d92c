package dev.tokentray.tray;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.util.List;

/** The tray through AWT's SystemTray: XEmbed trays on Linux, the menu bar on macOS, Windows' notification area. */
public final class AwtTrayBackend implements TrayBackend {
    private TrayIcon icon;

    @Override
    public boolean supported() {
        return SystemTray.isSupported();
    }

    @Override
    public void show(BufferedImage image, String tooltip, List<TrayItem> items) {
        EventQueue.invokeLater(() -> {
            PopupMenu menu = new PopupMenu();
            for (TrayItem item : items) {
                if (item.isSeparator()) {
                    menu.addSeparator();
                    continue;
                }
                MenuItem entry = new MenuItem(item.label());
                if (item.action() == null) {
                    entry.setEnabled(false);
                } else {
                    entry.addActionListener(e -> item.action().run());
                }
                menu.add(entry);
            }
            try {
                if (icon == null) {
                    icon = new TrayIcon(image, tooltip, menu);
                    icon.setImageAutoSize(true);
                    SystemTray.getSystemTray().add(icon);
                } else {
                    icon.setImage(image);
                    icon.setToolTip(tooltip);
                    icon.setPopupMenu(menu);
                }
            } catch (AWTException e) {
                throw new IllegalStateException("the system tray refused the icon", e);
            }
        });
    }

    @Override
    public void close() {
        EventQueue.invokeLater(() -> {
            if (icon != null) {
                SystemTray.getSystemTray().remove(icon);
                icon = null;
            }
        });
    }
}
