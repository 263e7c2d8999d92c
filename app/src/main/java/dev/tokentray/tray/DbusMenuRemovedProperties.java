package dev.tokentray.tray;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** An item's id and the names of properties it no longer has, {@code (ias)}, for ItemsPropertiesUpdated. */
public final class DbusMenuRemovedProperties extends Struct {
    @Position(0)
    public final int id;
    @Position(1)
    public final List<String> names;

    public DbusMenuRemovedProperties(int id, List<String> names) {
        this.id = id;
        this.names = names;
    }
}
