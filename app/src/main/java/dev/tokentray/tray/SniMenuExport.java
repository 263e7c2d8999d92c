package dev.tokentray.tray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * The tray's menu as a com.canonical.dbusmenu object: the host reads the layout, draws it itself
 * and sends a click back as an Event with the item's number. Each {@link TrayMenuItem} id keeps its
 * number for the life of the tray, so a click on a menu opened before a tick still reaches the same
 * entry. A tick that only moves the countdowns sends ItemsPropertiesUpdated for the labels that
 * changed (an open menu is relabelled in place); a new shape bumps the revision and sends LayoutUpdated.
 */
final class SniMenuExport implements DbusMenu, DbusProperties {
    private final Executor actionRunner;
    private final Consumer<DBusSignal> signals;
    private final Map<String, Integer> numbers = new HashMap<>();
    private List<TrayMenuItem> items = List.of();
    private Map<Integer, TrayMenuItem> byNumber = Map.of();
    private int revision;

    /** {@code actionRunner} runs the actions clicked (never on dbus-java's threads); {@code signals} sends one. */
    SniMenuExport(Executor actionRunner, Consumer<DBusSignal> signals) {
        this.actionRunner = actionRunner;
        this.signals = signals;
    }

    @Override
    public String getObjectPath() {
        return OBJECT_PATH;
    }

    /** Takes the menu of this tick and tells the host what changed. */
    void update(List<TrayMenuItem> menu) {
        List<DbusMenuItemProperties> changed = new ArrayList<>();
        boolean sameShape;
        UInt32 newRevision;
        synchronized (this) {
            sameShape = TrayMenuItem.sameShape(items, menu);
            if (sameShape) {
                Map<Integer, TrayMenuItem> old = byNumber;
                for (TrayMenuItem item : TrayMenuItem.flatten(menu)) {
                    int number = number(item);
                    TrayMenuItem was = old.get(number);
                    if (was == null || !properties(was).equals(properties(item))) {
                        changed.add(new DbusMenuItemProperties(number, properties(item)));
                    }
                }
            } else {
                revision++;
            }
            items = menu;
            Map<Integer, TrayMenuItem> index = new HashMap<>();
            for (TrayMenuItem item : TrayMenuItem.flatten(menu)) {
                index.put(number(item), item);
            }
            byNumber = index;
            newRevision = new UInt32(revision);
        }
        try {
            if (!sameShape) {
                signals.accept(new LayoutUpdated(OBJECT_PATH, newRevision, 0));
            } else if (!changed.isEmpty()) {
                signals.accept(new ItemsPropertiesUpdated(OBJECT_PATH, changed, List.of()));
            }
        } catch (DBusException e) {
            throw new IllegalStateException("dbusmenu signal", e);
        }
    }

    private int number(TrayMenuItem item) {
        // 0 is the root's; the others are handed out once and never reused.
        return numbers.computeIfAbsent(item.id(), id -> numbers.size() + 1);
    }

    private static Map<String, Variant<?>> properties(TrayMenuItem item) {
        Map<String, Variant<?>> props = new LinkedHashMap<>();
        if (item.isSeparator()) {
            props.put("type", new Variant<>("separator"));
            return props;
        }
        // The host draws a submenu's arrow itself: the room AWT's labels keep for it goes.
        props.put("label", new Variant<>(item.dbusmenuLabel().stripTrailing()));
        props.put("enabled", new Variant<>(item.enabled() && (item.isSubmenu() || item.action() != null)));
        if (item.isSubmenu()) {
            props.put("children-display", new Variant<>("submenu"));
        }
        return props;
    }

    private static Map<String, Variant<?>> rootProperties() {
        Map<String, Variant<?>> props = new LinkedHashMap<>();
        props.put("children-display", new Variant<>("submenu"));
        return props;
    }

    private DbusMenuNode node(int number, Map<String, Variant<?>> props, List<TrayMenuItem> children, int depth) {
        List<Variant<?>> kids = new ArrayList<>();
        if (depth != 0) {
            for (TrayMenuItem child : children) {
                kids.add(new Variant<>(node(number(child), properties(child), child.children(), depth - 1),
                        DbusMenuNode.SIGNATURE));
            }
        }
        return new DbusMenuNode(number, props, kids);
    }

    @Override
    public synchronized DbusReplyPair<UInt32, DbusMenuNode> GetLayout(int parentId, int depth, List<String> propertyNames) {
        DbusMenuNode layout;
        if (parentId == 0) {
            layout = node(0, rootProperties(), items, depth);
        } else {
            TrayMenuItem parent = byNumber.get(parentId);
            layout = parent == null ? new DbusMenuNode(parentId, Map.of(), List.of())
                    : node(parentId, properties(parent), parent.children(), depth);
        }
        return new DbusReplyPair<>(new UInt32(revision), layout);
    }

    @Override
    public synchronized List<DbusMenuItemProperties> GetGroupProperties(List<Integer> ids, List<String> propertyNames) {
        List<DbusMenuItemProperties> found = new ArrayList<>();
        for (int id : ids) {
            if (id == 0) {
                found.add(new DbusMenuItemProperties(0, rootProperties()));
            } else if (byNumber.containsKey(id)) {
                found.add(new DbusMenuItemProperties(id, properties(byNumber.get(id))));
            }
        }
        return found;
    }

    @Override
    public synchronized Variant<?> GetProperty(int id, String name) {
        Map<String, Variant<?>> props = id == 0 ? rootProperties()
                : byNumber.containsKey(id) ? properties(byNumber.get(id)) : Map.of();
        Variant<?> value = props.get(name);
        return value == null ? new Variant<>("") : value;
    }

    @Override
    public void Event(int id, String eventId, Variant<?> data, UInt32 timestamp) {
        click(id, eventId);
    }

    /** Runs the action of item {@code id} if the event is a click on it; false if there is no such item. */
    private boolean click(int id, String eventId) {
        TrayMenuItem item;
        synchronized (this) {
            item = byNumber.get(id);
        }
        if (item == null) {
            return id == 0;
        }
        Runnable action = item.action();
        if ("clicked".equals(eventId) && action != null && item.enabled()) {
            actionRunner.execute(action);
        }
        return true;
    }

    @Override
    public List<Integer> EventGroup(List<DbusMenuEvent> events) {
        List<Integer> notFound = new ArrayList<>();
        for (DbusMenuEvent event : events) {
            if (!click(event.id, event.eventId)) {
                notFound.add(event.id);
            }
        }
        return notFound;
    }

    @Override
    public boolean AboutToShow(int id) {
        // The layout is always current: every change has been signalled already.
        return false;
    }

    @Override
    public synchronized DbusReplyPair<List<Integer>, List<Integer>> AboutToShowGroup(List<Integer> ids) {
        List<Integer> notFound = new ArrayList<>();
        for (int id : ids) {
            if (id != 0 && !byNumber.containsKey(id)) {
                notFound.add(id);
            }
        }
        return new DbusReplyPair<>(List.of(), notFound);
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
        Map<String, Variant<?>> all = new LinkedHashMap<>();
        all.put("Version", new Variant<>(new UInt32(3)));
        all.put("TextDirection", new Variant<>("ltr"));
        all.put("Status", new Variant<>("normal"));
        all.put("IconThemePath", new Variant<>(List.of(), "as"));
        return all;
    }
}
