package dev.tokentray.tray;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.errors.PropertyReadOnly;
import org.freedesktop.dbus.errors.UnknownProperty;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * org.freedesktop.DBus.Properties as an exported object answers it: this dbus-java has no property
 * annotations that serve Get/GetAll, so each exported object lists its properties in GetAll, values
 * in variants; Get is one of them, and every one is read-only.
 */
@DBusInterfaceName("org.freedesktop.DBus.Properties")
public interface DbusProperties extends DBusInterface {
    default Variant<?> Get(String iface, String name) {
        Variant<?> value = GetAll(iface).get(name);
        if (value == null) {
            throw new UnknownProperty(name);
        }
        return value;
    }

    Map<String, Variant<?>> GetAll(String iface);

    default void Set(String iface, String name, Variant<?> value) {
        throw new PropertyReadOnly(name);
    }
}
