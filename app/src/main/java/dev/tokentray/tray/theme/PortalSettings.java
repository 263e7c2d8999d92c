package dev.tokentray.tray.theme;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/**
 * The XDG desktop portal's org.freedesktop.portal.Settings D-Bus interface, as much of it as
 * tokentray reads. Public because dbus-java builds proxies and signals reflectively.
 */
@DBusInterfaceName("org.freedesktop.portal.Settings")
public interface PortalSettings extends DBusInterface {
    String BUS_NAME = "org.freedesktop.portal.Desktop";
    String OBJECT_PATH = "/org/freedesktop/portal/desktop";
    String APPEARANCE = "org.freedesktop.appearance";
    String COLOR_SCHEME = "color-scheme";

    /** Version 2 of the interface (portal 1.15 and later): the value itself. */
    Variant<?> ReadOne(String namespace, String key);

    /** Deprecated, but the only read of older portals: the value wrapped in one more variant. */
    Variant<?> Read(String namespace, String key);

    /** A setting changed; {@code value} is its new value (not wrapped twice). */
    class SettingChanged extends DBusSignal {
        private final String namespace;
        private final String key;
        private final Variant<?> value;

        public SettingChanged(String path, String namespace, String key, Variant<?> value) throws DBusException {
            super(path, namespace, key, value);
            this.namespace = namespace;
            this.key = key;
            this.value = value;
        }

        public String namespace() {
            return namespace;
        }

        public String key() {
            return key;
        }

        public Variant<?> value() {
            return value;
        }
    }
}
