package dev.tokentray.tray.theme;

import dev.tokentray.Env;
import dev.tokentray.tray.notify.FreedesktopNotifier;
import java.util.List;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.Variant;

/**
 * Linux and the BSDs: the freedesktop appearance setting {@code color-scheme} (1 prefer dark,
 * 2 prefer light, 0 no preference) from the XDG desktop portal on the session bus, which GNOME,
 * KDE and the other portal backends keep, and whose SettingChanged signal tells of a switch at
 * once. Without a portal, or when it has no preference, the {@code fallback} (gsettings) says.
 */
public final class PortalTheme implements DesktopTheme, AutoCloseable {
    private final Env env;
    private final DesktopTheme fallback;
    private DBusConnection connection;
    private PortalSettings portal;
    private boolean unavailable;

    public PortalTheme(Env env, DesktopTheme fallback) {
        this.env = env;
        this.fallback = fallback;
    }

    @Override
    public Scheme scheme() {
        PortalSettings settings = portal();
        if (settings != null) {
            Scheme said = fromPortalValue(read(settings));
            if (said != null) {
                return said;
            }
        }
        return fallback.scheme();
    }

    @Override
    public boolean watch(Consumer<Scheme> changed) {
        if (portal() == null) {
            return false;
        }
        try {
            connection.addSigHandler(PortalSettings.SettingChanged.class, signal -> {
                if (PortalSettings.APPEARANCE.equals(signal.namespace()) && PortalSettings.COLOR_SCHEME.equals(signal.key())) {
                    Scheme said = fromPortalValue(signal.value());
                    changed.accept(said != null ? said : fallback.scheme());
                }
            });
            return true;
        } catch (DBusException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The scheme a portal reply says, whatever its shape: ReadOne's {@code v} holding a
     * {@code u}, Read's {@code v} holding that {@code v}, or the value of a SettingChanged signal.
     * Null for "no preference" (0) or a reply that is no number.
     */
    static Scheme fromPortalValue(Object reply) {
        Object value = reply;
        while (value instanceof Variant<?> variant) {
            value = variant.getValue();
        }
        if (!(value instanceof Number number)) {
            return null;
        }
        return switch (number.intValue()) {
            case 1 -> Scheme.DARK;
            case 2 -> Scheme.LIGHT;
            default -> null;
        };
    }

    private static Object read(PortalSettings settings) {
        try {
            return settings.ReadOne(PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME);
        } catch (DBusExecutionException | ClassCastException notThere) {
            // A portal older than 1.15 has only Read; one with no appearance backend answers NotFound to both.
            try {
                return settings.Read(PortalSettings.APPEARANCE, PortalSettings.COLOR_SCHEME);
            } catch (DBusExecutionException | ClassCastException alsoNot) {
                return null;
            }
        }
    }

    /** The portal, connected on first use; null when there is no session bus or no portal on it. */
    private synchronized PortalSettings portal() {
        if (portal != null || unavailable) {
            return portal;
        }
        try {
            // Not shared: closing it must not cut off the notifier's or java-keyring's connection
            // (and no session bus at all is a TokentrayException, caught below: gsettings answers then).
            connection = DBusConnectionBuilder.forAddress(FreedesktopNotifier.sessionBusAddress(env))
                    .withShared(false).build();
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            // Asked of the bus, which answers at once: a call to a name nobody owns or can start would wait out a timeout.
            if (bus.NameHasOwner(PortalSettings.BUS_NAME) || List.of(bus.ListActivatableNames()).contains(PortalSettings.BUS_NAME)) {
                portal = connection.getRemoteObject(PortalSettings.BUS_NAME, PortalSettings.OBJECT_PATH, PortalSettings.class);
            } else {
                unavailable = true;
                disconnect();
            }
        } catch (DBusException | RuntimeException e) {
            unavailable = true;
            disconnect();
        }
        return portal;
    }

    /** Stops listening and leaves the bus (the tray never does: it follows the desktop until it quits). */
    @Override
    public synchronized void close() {
        disconnect();
        portal = null;
        unavailable = true;
    }

    private void disconnect() {
        if (connection != null) {
            connection.disconnect();
            connection = null;
        }
    }
}
