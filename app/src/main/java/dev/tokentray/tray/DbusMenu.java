package dev.tokentray.tray;

import java.util.List;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The com.canonical.dbusmenu interface (version 3, as libdbusmenu and every SNI host read it): the
 * host fetches the layout, shows it itself and sends clicks back as events. Public because dbus-java
 * builds its handlers and signals reflectively.
 */
@DBusInterfaceName("com.canonical.dbusmenu")
public interface DbusMenu extends DBusInterface {
    String OBJECT_PATH = "/MenuBar";

    /** The layout under {@code parentId}, {@code depth} levels deep (-1: all), and the layout's revision. */
    DbusReplyPair<UInt32, DbusMenuNode> GetLayout(int parentId, int depth, List<String> propertyNames);

    List<DbusMenuItemProperties> GetGroupProperties(List<Integer> ids, List<String> propertyNames);

    Variant<?> GetProperty(int id, String name);

    void Event(int id, String eventId, Variant<?> data, UInt32 timestamp);

    /** Returns the ids that were not found. */
    List<Integer> EventGroup(List<DbusMenuEvent> events);

    /** Whether the host must fetch the layout again before showing the submenu of {@code id}. */
    boolean AboutToShow(int id);

    /** The ids whose submenus need updating, and the ids that were not found. */
    DbusReplyPair<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids);

    /** Labels or enabled flags changed; the layout did not. */
    class ItemsPropertiesUpdated extends DBusSignal {
        public final List<DbusMenuItemProperties> updated;
        public final List<DbusMenuRemovedProperties> removed;

        public ItemsPropertiesUpdated(String path, List<DbusMenuItemProperties> updated,
                List<DbusMenuRemovedProperties> removed) throws DBusException {
            super(path, updated, removed);
            this.updated = updated;
            this.removed = removed;
        }
    }

    /** The layout under {@code parent} changed: hosts fetch it again. */
    class LayoutUpdated extends DBusSignal {
        public final UInt32 revision;
        public final int parent;

        public LayoutUpdated(String path, UInt32 revision, int parent) throws DBusException {
            super(path, revision, parent);
            this.revision = revision;
            this.parent = parent;
        }
    }
}
