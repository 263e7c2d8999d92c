package dev.tokentray.tray;

import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.Variant;

/** An item's id and properties, {@code (ia{sv})}: GetGroupProperties' answer and ItemsPropertiesUpdated's rows. */
public final class DbusMenuItemProperties extends Struct {
    @Position(0)
    public final int id;
    @Position(1)
    public final Map<String, Variant<?>> properties;

    public DbusMenuItemProperties(int id, Map<String, Variant<?>> properties) {
        this.id = id;
        this.properties = properties;
    }
}
