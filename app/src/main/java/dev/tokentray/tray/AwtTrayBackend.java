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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tray through AWT's SystemTray: XEmbed trays on Linux, the menu bar on macOS, Windows' notification area.
 * Each tick only the labels that changed are set on the menu it drew (a new menu would close one
 * the person has open, and costs the X server and the toolkit far more than a label).
 */
public final class AwtTrayBackend implements TrayBackend {
    // All fields below are touched on the AWT event thread only.
    private TrayIcon icon;
    /** The tray the icon was added to: kept, as getSystemTray() throws once the desktop's tray has gone. */
    private SystemTray tray;
    private ActionListener activate;
    private Runnable onActivate;
    private List<TrayMenuItem> drawn = List.of();
    private final Map<String, MenuItem> entries = new HashMap<>();
    /** What a click on each entry does now: the entries' listeners look it up, so a tick need not touch them. */
    private Map<String, Runnable> actions = Map.of();
    private BufferedImage image;
    private String tooltip;

    @Override
    public boolean supported() {
        return SystemTray.isSupported();
    }

    /** The AWT icon once shown, for the tray-message notifier; null before the first {@link #show}. */
    public TrayIcon trayIcon() {
        return icon;
    }

    @Override
    public void show(BufferedImage newImage, String newTooltip, List<TrayMenuItem> menu, Runnable newOnActivate) {
        EventQueue.invokeLater(() -> {
            actions = TrayMenuItem.actionsById(menu);
            try {
                if (icon == null) {
                    icon = new TrayIcon(newImage, newTooltip, build(menu));
                    icon.setImageAutoSize(true);
                    tray = SystemTray.getSystemTray();
                    tray.add(icon);
                } else {
                    if (TrayMenuItem.sameShape(drawn, menu)) {
                        relabel(menu);
                    } else {
                        icon.setPopupMenu(build(menu));
                    }
                    if (!samePixels(image, newImage)) {
                        icon.setImage(newImage);
                    }
                    if (!newTooltip.equals(tooltip)) {
                        icon.setToolTip(newTooltip);
                    }
                }
                image = newImage;
                tooltip = newTooltip;
                drawn = menu;
                if (newOnActivate != onActivate) {
                    if (activate != null) {
                        icon.removeActionListener(activate);
                    }
                    onActivate = newOnActivate;
                    activate = newOnActivate == null ? null : e -> newOnActivate.run();
                    if (activate != null) {
                        icon.addActionListener(activate);
                    }
                }
            } catch (AWTException e) {
                throw new IllegalStateException("the system tray refused the icon", e);
            }
        });
    }

    private PopupMenu build(List<TrayMenuItem> menu) {
        entries.clear();
        PopupMenu popup = new PopupMenu();
        fill(popup, menu);
        return popup;
    }

    private void fill(Menu menu, List<TrayMenuItem> items) {
        for (TrayMenuItem item : items) {
            if (item.isSeparator()) {
                menu.addSeparator();
                continue;
            }
            MenuItem entry;
            if (item.isSubmenu()) {
                Menu sub = new Menu(item.label());
                fill(sub, item.children());
                entry = sub;
            } else {
                entry = new MenuItem(item.label());
                String id = item.id();
                entry.addActionListener(e -> {
                    Runnable action = actions.get(id);
                    if (action != null) {
                        action.run();
                    }
                });
            }
            entry.setEnabled(item.enabled() && (item.isSubmenu() || item.action() != null));
            entries.put(item.id(), entry);
            menu.add(entry);
        }
    }

    /** Same shape as what is drawn: only labels and enabled flags may differ. */
    private void relabel(List<TrayMenuItem> menu) {
        for (TrayMenuItem item : TrayMenuItem.flatten(menu)) {
            MenuItem entry = entries.get(item.id());
            if (entry == null) {
                continue;
            }
            if (!Objects.equals(entry.getLabel(), item.label())) {
                entry.setLabel(item.label());
            }
            boolean enabled = item.enabled() && (item.isSubmenu() || item.action() != null);
            if (entry.isEnabled() != enabled) {
                entry.setEnabled(enabled);
            }
        }
    }

    /** The icon is drawn anew each tick; the tray is only told when it looks different. */
    static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        int w = a.getWidth();
        int h = a.getHeight();
        return Arrays.equals(a.getRGB(0, 0, w, h, null, 0, w), b.getRGB(0, 0, w, h, null, 0, w));
    }

    @Override
    public int iconSize() {
        // The tray can go away under a running icon (another tray took the XEmbed selection, then left).
        if (!SystemTray.isSupported()) {
            return 24;
        }
        java.awt.Dimension size = SystemTray.getSystemTray().getTrayIconSize();
        return size == null || size.height <= 0 ? 24 : size.height;
    }

    @Override
    public void onDesktopLost(Runnable onLoss) {
        XConnectionLoss.watch(onLoss);
    }

    @Override
    public void close() {
        EventQueue.invokeLater(() -> {
            if (icon != null) {
                // Also when no tray is there now: the icon would otherwise dock in the next one that comes.
                tray.remove(icon);
                icon = null;
            }
            // A later show (the icon moving back from a StatusNotifierItem panel) builds everything anew.
            onActivate = null;
            activate = null;
            drawn = List.of();
            entries.clear();
            image = null;
            tooltip = null;
        });
    }
}
