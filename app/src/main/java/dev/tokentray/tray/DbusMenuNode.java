package dev.tokentray.tray;

import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.Variant;

/** One node of a dbusmenu layout, {@code (ia{sv}av)}: id, properties, children (each a variant holding a node). */
public final class DbusMenuNode extends Struct {
    /** The D-Bus signature of a node, which each child's variant must name. */
    public static final String SIGNATURE = "(ia{sv}av)";

    @Position(0)
    public final int id;
    @Position(1)
    public final Map<String, Variant<?>> properties;
    @Position(2)
    public final List<Variant<?>> children;

    public DbusMenuNode(int id, Map<String, Variant<?>> properties, List<Variant<?>> children) {
        this.id = id;
        this.properties = properties;
        this.children = children;
    }
}
