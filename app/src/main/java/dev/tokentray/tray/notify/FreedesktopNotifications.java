package dev.tokentray.tray.notify;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The org.freedesktop.Notifications D-Bus interface (Desktop Notifications Specification 1.2), as
 * much of it as tokentray uses. Public because dbus-java builds proxies and signals reflectively.
 */
@DBusInterfaceName("org.freedesktop.Notifications")
public interface FreedesktopNotifications extends DBusInterface {
    String BUS_NAME = "org.freedesktop.Notifications";
    String OBJECT_PATH = "/org/freedesktop/Notifications";

    UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
            List<String> actions, Map<String, Variant<?>> hints, int expireTimeout);

    void CloseNotification(UInt32 id);

    List<String> GetCapabilities();

    /** The person chose an action (the {@code default} key for a click on the bubble itself). */
    class ActionInvoked extends DBusSignal {
        private final UInt32 id;
        private final String actionKey;

        public ActionInvoked(String path, UInt32 id, String actionKey) throws DBusException {
            super(path, id, actionKey);
            this.id = id;
            this.actionKey = actionKey;
        }

        public long id() {
            return id.longValue();
        }

        public String actionKey() {
            return actionKey;
        }
    }

    /** A notification went away: expired, dismissed, closed by a call, or undefined (reason 1-4). */
    class NotificationClosed extends DBusSignal {
        private final UInt32 id;
        private final UInt32 reason;

        public NotificationClosed(String path, UInt32 id, UInt32 reason) throws DBusException {
            super(path, id, reason);
            this.id = id;
            this.reason = reason;
        }

        public long id() {
            return id.longValue();
        }

        public long reason() {
            return reason.longValue();
        }
    }
}
