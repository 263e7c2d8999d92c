package dev.tokentray.tray;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/** The org.kde.StatusNotifierWatcher a panel runs: items register with it, hosts read the list from it. */
@DBusInterfaceName("org.kde.StatusNotifierWatcher")
public interface StatusNotifierWatcher extends DBusInterface {
    String BUS_NAME = "org.kde.StatusNotifierWatcher";
    String OBJECT_PATH = "/StatusNotifierWatcher";

    /** Registers the item owned by bus name {@code service} (at its /StatusNotifierItem). */
    void RegisterStatusNotifierItem(String service);

    /** Sent when a host (a panel that draws items) registers with the watcher. */
    class StatusNotifierHostRegistered extends DBusSignal {
        public StatusNotifierHostRegistered(String path) throws DBusException {
            super(path);
        }
    }

    /** Sent when a host goes away; the watcher may still have others. */
    class StatusNotifierHostUnregistered extends DBusSignal {
        public StatusNotifierHostUnregistered(String path) throws DBusException {
            super(path);
        }
    }
}
