package dev.tokentray.tray;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * org.freedesktop.DBus.Properties as an exported object answers it: this dbus-java has no property
 * annotations that serve Get/GetAll, so each exported object implements them itself, values in variants.
 */
@DBusInterfaceName("org.freedesktop.DBus.Properties")
public interface DbusProperties extends DBusInterface {
    Variant<?> Get(String iface, String name);

    Map<String, Variant<?>> GetAll(String iface);

    void Set(String iface, String name, Variant<?> value);
}
