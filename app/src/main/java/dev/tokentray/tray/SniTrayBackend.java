package dev.tokentray.tray;

import dev.tokentray.TokentrayException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The tray as a StatusNotifierItem with a dbusmenu, over the session D-Bus: what KDE Plasma, XFCE,
 * Cinnamon, waybar-based desktops and GNOME with the AppIndicator extension show (none of them, or
 * only through a bridge, shows AWT's XEmbed icon). The panel draws the icon and the menu itself.
 * It follows the panel: when the StatusNotifierWatcher gets a new owner (the panel restarted) the
 * item registers again, so the icon comes back. A D-Bus failure never ends the tray; it is one line
 * in the log, and the next change tries again.
 */
public final class SniTrayBackend implements TrayBackend {
    /** The size TrayApp draws at; the host is sent every rendition and picks the one that fits. */
    private static final int DRAWN_SIZE = 22;

    private final DBusConnection connection;
    private final String busName;
    private final Consumer<String> log;
    /** Clicked actions and registrations run here, off dbus-java's threads and in click order. */
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tray-sni");
        t.setDaemon(true);
        return t;
    });
    private final SniItemExport item = new SniItemExport(runner);
    private final SniMenuExport menu;
    private BufferedImage image;
    private String tooltip;
    private volatile boolean shown;
    /** Whether the item's bus name is held: given up while withdrawn, so watchers drop the item. Runner thread only. */
    private boolean nameHeld = true;
    private boolean failing;
    private AutoCloseable ownerWatch;

    private SniTrayBackend(DBusConnection connection, String busName, Consumer<String> log) {
        this.connection = connection;
        this.busName = busName;
        this.log = log;
        this.menu = new SniMenuExport(runner, this::send);
    }

    /**
     * Connects to the session bus at {@code busAddress}, takes the item's bus name and exports the
     * item and its menu; the item registers with the watcher at the first {@link #show}.
     */
    public static SniTrayBackend connect(String busAddress, Consumer<String> log) {
        DBusConnection connection;
        try {
            // Not shared: closing it must not cut off java-keyring's or the notices' connection.
            connection = DBusConnectionBuilder.forAddress(busAddress).withShared(false).build();
        } catch (DBusException | RuntimeException e) {
            throw new TokentrayException("cannot connect to the D-Bus session bus at " + busAddress + ": "
                    + e.getMessage());
        }
        String name = "org.kde.StatusNotifierItem-" + ProcessHandle.current().pid() + "-1";
        SniTrayBackend backend = new SniTrayBackend(connection, name, log);
        try {
            connection.requestBusName(name);
            connection.exportObject(StatusNotifierItem.OBJECT_PATH, backend.item);
            connection.exportObject(DbusMenu.OBJECT_PATH, backend.menu);
            backend.ownerWatch = connection.addSigHandler(DBus.NameOwnerChanged.class, backend::ownerChanged);
        } catch (DBusException | RuntimeException e) {
            backend.close();
            throw new TokentrayException("cannot publish the tray icon on the D-Bus session bus: " + e.getMessage());
        }
        return backend;
    }

    /**
     * Whether a StatusNotifierWatcher answers and says a host (a panel that draws items) is
     * registered with it: without one an item would be shown nowhere.
     */
    public boolean hostRegistered() {
        try {
            Properties watcher = connection.getRemoteObject(StatusNotifierWatcher.BUS_NAME,
                    StatusNotifierWatcher.OBJECT_PATH, Properties.class);
            Object registered = watcher.Get(StatusNotifierWatcher.BUS_NAME, "IsStatusNotifierHostRegistered");
            return Boolean.TRUE.equals(registered);
        } catch (DBusException | DBusExecutionException e) {
            return false;
        }
    }

    /**
     * Runs {@code onChange} (on one of dbus-java's threads) whenever the watcher's bus name changes
     * owner (a panel starts, restarts or quits) or a host registers or unregisters with it, until
     * the returned handle is closed: signals, so no polling.
     */
    public AutoCloseable watchForHost(Runnable onChange) {
        try {
            AutoCloseable owner = connection.addSigHandler(DBus.NameOwnerChanged.class, change -> {
                if (StatusNotifierWatcher.BUS_NAME.equals(change.name)) {
                    onChange.run();
                }
            });
            AutoCloseable registered = connection.addSigHandler(StatusNotifierWatcher.StatusNotifierHostRegistered.class,
                    signal -> onChange.run());
            AutoCloseable unregistered = connection.addSigHandler(
                    StatusNotifierWatcher.StatusNotifierHostUnregistered.class, signal -> onChange.run());
            return () -> {
                owner.close();
                registered.close();
                unregistered.close();
            };
        } catch (DBusException | RuntimeException e) {
            throw new TokentrayException("cannot watch the D-Bus session bus for a panel: " + e.getMessage());
        }
    }

    /** The bus name the item is published under. */
    public String busName() {
        return busName;
    }

    @Override
    public boolean supported() {
        return connection.isConnected();
    }

    @Override
    public int iconSize() {
        return DRAWN_SIZE;
    }

    @Override
    public synchronized void show(BufferedImage newImage, String newTooltip, List<TrayMenuItem> newMenu,
            Runnable onActivate) {
        item.onActivate(onActivate);
        boolean newIcon = !AwtTrayBackend.samePixels(image, newImage);
        boolean newTip = !newTooltip.equals(tooltip);
        // The status follows from the icon: it can change only with it.
        String oldStatus = item.status();
        if (newIcon) {
            item.pixmaps(renditions(newImage));
            item.status(statusOf(newImage));
        }
        String newStatus = item.status();
        item.tooltip(newTooltip);
        image = newImage;
        tooltip = newTooltip;
        try {
            menu.update(newMenu);
        } catch (RuntimeException e) {
            failed(e);
        }
        if (!shown) {
            shown = true;
            runner.execute(this::register);
            return;
        }
        if (newIcon) {
            send(signal(() -> new StatusNotifierItem.NewIcon(StatusNotifierItem.OBJECT_PATH)));
            send(signal(() -> new StatusNotifierItem.NewAttentionIcon(StatusNotifierItem.OBJECT_PATH)));
        }
        if (!newStatus.equals(oldStatus)) {
            send(signal(() -> new StatusNotifierItem.NewStatus(StatusNotifierItem.OBJECT_PATH, newStatus)));
        }
        if (newTip) {
            send(signal(() -> new StatusNotifierItem.NewToolTip(StatusNotifierItem.OBJECT_PATH)));
        }
    }

    /** Every rendition of the icon's state, so the host needs to scale none; the image alone if it is not one of them. */
    static List<SniPixmap> renditions(BufferedImage drawn) {
        Drawn known = Drawn.of(drawn);
        if (known == null) {
            return List.of(SniPixmap.of(drawn));
        }
        List<SniPixmap> all = new ArrayList<>();
        for (int size : TrayIcons.SIZES) {
            all.add(SniPixmap.of(TrayIcons.image(known.state(), known.variant(), size)));
        }
        return all;
    }

    /**
     * What the panel is told of the item: NeedsAttention while the icon shows a failure (a renewal
     * that failed, a config that cannot be read), so a panel that tucks quiet items away (KDE's
     * overflow) shows this one; Active otherwise.
     */
    static String statusOf(BufferedImage drawn) {
        Drawn known = Drawn.of(drawn);
        return known != null && known.state() == TrayIcons.State.ERROR ? "NeedsAttention" : "Active";
    }

    /** Which of TrayIcons' images an icon is (it hands out one shared image per state, variant and size). */
    private record Drawn(TrayIcons.State state, TrayIcons.Variant variant) {
        static Drawn of(BufferedImage image) {
            for (TrayIcons.State state : TrayIcons.State.values()) {
                for (TrayIcons.Variant variant : TrayIcons.Variant.values()) {
                    if (TrayIcons.image(state, variant, image.getWidth()) == image) {
                        return new Drawn(state, variant);
                    }
                }
            }
            return null;
        }
    }

    /**
     * Takes the item off every panel until the next {@link #show}: its bus name is given up, which
     * is how a watcher learns an item has gone (the protocol has no unregister call).
     */
    public synchronized void withdraw() {
        if (shown) {
            shown = false;
            runner.execute(() -> {
                try {
                    connection.releaseBusName(busName);
                    nameHeld = false;
                } catch (DBusException | RuntimeException e) {
                    failed(e);
                }
            });
        }
    }

    private void register() {
        try {
            if (!nameHeld) {
                connection.requestBusName(busName);
                nameHeld = true;
            }
            StatusNotifierWatcher watcher = connection.getRemoteObject(StatusNotifierWatcher.BUS_NAME,
                    StatusNotifierWatcher.OBJECT_PATH, StatusNotifierWatcher.class);
            watcher.RegisterStatusNotifierItem(busName);
            synchronized (this) {
                failing = false;
            }
        } catch (DBusException | RuntimeException e) {
            // No watcher yet (the panel has not started): it is registered with when it appears.
            failed("tokentray: no panel took the tray icon (" + StatusNotifierWatcher.BUS_NAME + ": " + e.getMessage()
                    + "); it shows when a panel starts");
        }
    }

    private void ownerChanged(DBus.NameOwnerChanged change) {
        if (StatusNotifierWatcher.BUS_NAME.equals(change.name) && !change.newOwner.isEmpty() && shown) {
            runner.execute(this::register);
        }
    }

    private interface SignalMaker {
        DBusSignal make() throws DBusException;
    }

    private DBusSignal signal(SignalMaker maker) {
        try {
            return maker.make();
        } catch (DBusException e) {
            failed(e);
            return null;
        }
    }

    private void send(DBusSignal signal) {
        if (signal == null) {
            return;
        }
        try {
            connection.sendMessage(signal);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        failed("tokentray: the tray icon's D-Bus link failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                + "); it keeps trying");
    }

    /** One line per run of failures, not one per tick. */
    private synchronized void failed(String line) {
        if (!failing) {
            failing = true;
            log.accept(line);
        }
    }

    @Override
    public void onDesktopLost(Runnable onLoss) {
        // The panel draws the icon, but the windows still need the X server.
        XConnectionLoss.watch(onLoss);
    }

    @Override
    public void close() {
        runner.shutdownNow();
        try {
            if (ownerWatch != null) {
                ownerWatch.close();
            }
        } catch (Exception e) {
            // The connection goes next anyway.
        }
        connection.disconnect();
    }
}
