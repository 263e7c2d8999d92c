package dev.tokentray.tray;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.Menu;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.event.ActionListener;
import java.awt.image.BufferedImage;
import java.util.List;

/** The tray through AWT's SystemTray: XEmbed trays on Linux, the menu bar on macOS, Windows' notification area. */
public final class AwtTrayBackend implements TrayBackend {
    private TrayIcon icon;
    private ActionListener activate;

    @Override
    public boolean supported() {
        return SystemTray.isSupported();
    }

    /** The AWT icon once shown, for the tray-message notifier; null before the first {@link #show}. */
    public TrayIcon trayIcon() {
        return icon;
    }

    @Override
    public void show(BufferedImage image, String tooltip, List<TrayItem> items, Runnable onActivate) {
        EventQueue.invokeLater(() -> {
            PopupMenu menu = new PopupMenu();
            fill(menu, items);
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
                if (activate != null) {
                    icon.removeActionListener(activate);
                }
                activate = onActivate == null ? null : e -> onActivate.run();
                if (activate != null) {
                    icon.addActionListener(activate);
                }
            } catch (AWTException e) {
                throw new IllegalStateException("the system tray refused the icon", e);
            }
        });
    }

    private static void fill(Menu menu, List<TrayItem> items) {
        for (TrayItem item : items) {
            if (item.isSeparator()) {
                menu.addSeparator();
            } else if (item.isSubmenu()) {
                Menu sub = new Menu(item.label());
                fill(sub, item.children());
                menu.add(sub);
            } else {
                MenuItem entry = new MenuItem(item.label());
                if (item.action() == null) {
                    entry.setEnabled(false);
                } else {
                    entry.addActionListener(e -> item.action().run());
                }
                menu.add(entry);
            }
        }
    }

    @Override
    public int iconSize() {
        java.awt.Dimension size = SystemTray.getSystemTray().getTrayIconSize();
        return size == null || size.height <= 0 ? 24 : size.height;
    }

    @Override
    public void onDesktopLost(Runnable onLoss) {
        if (XDisplay.drawsThroughX()) {
            XConnectionLoss.watch(onLoss);
        }
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
