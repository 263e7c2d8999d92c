package dev.tokentray.tray;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The org.kde.StatusNotifierItem interface (the StatusNotifierItem specification, as KDE, XFCE,
 * Cinnamon, waybar and GNOME's AppIndicator extension host it). Its properties are served through
 * {@link DbusProperties}. Public because dbus-java builds its handlers and signals reflectively.
 */
@DBusInterfaceName("org.kde.StatusNotifierItem")
public interface StatusNotifierItem extends DBusInterface {
    String OBJECT_PATH = "/StatusNotifierItem";

    /** A primary (left) click on the icon. */
    void Activate(int x, int y);

    /** A middle click. */
    void SecondaryActivate(int x, int y);

    /** The host asks the item to show its own menu (hosts that read {@code Menu} do not call it). */
    void ContextMenu(int x, int y);

    void Scroll(int delta, String orientation);

    class NewIcon extends DBusSignal {
        public NewIcon(String path) throws DBusException {
            super(path);
        }
    }

    class NewToolTip extends DBusSignal {
        public NewToolTip(String path) throws DBusException {
            super(path);
        }
    }

    class NewAttentionIcon extends DBusSignal {
        public NewAttentionIcon(String path) throws DBusException {
            super(path);
        }
    }

    class NewTitle extends DBusSignal {
        public NewTitle(String path) throws DBusException {
            super(path);
        }
    }

    class NewStatus extends DBusSignal {
        public final String status;

        public NewStatus(String path, String status) throws DBusException {
            super(path, status);
            this.status = status;
        }
    }
}
