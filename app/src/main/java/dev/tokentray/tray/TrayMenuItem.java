package dev.tokentray.tray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of the tray's menu, whatever draws it: AWT's PopupMenu, or a dbusmenu over D-Bus for a
 * StatusNotifierItem host. A backend only renders these.
 *
 * @param id       stable across ticks ("profile:dev", "profile:dev/refresh", "quit"): a backend
 *                 matches nodes by it to update labels in place, and dbusmenu hands it back on a click
 * @param label    the text as the person reads it (no mnemonics); null for a separator
 * @param enabled  false for text that only informs (the header, a failure's reason)
 * @param action   what a click does; null for a submenu, a separator or informing text
 * @param children a submenu's entries; empty otherwise
 */
public record TrayMenuItem(String id, String label, boolean enabled, Runnable action, List<TrayMenuItem> children) {
    public TrayMenuItem {
        children = List.copyOf(children);
    }

    /** An entry a click runs. */
    public static TrayMenuItem entry(String id, String label, Runnable action) {
        return new TrayMenuItem(id, label, true, action, List.of());
    }

    /** A line that informs and does nothing when clicked (drawn greyed out). */
    public static TrayMenuItem text(String id, String label) {
        return new TrayMenuItem(id, label, false, null, List.of());
    }

    public static TrayMenuItem submenu(String id, String label, List<TrayMenuItem> children) {
        return new TrayMenuItem(id, label, true, null, children);
    }

    public static TrayMenuItem separator(String id) {
        return new TrayMenuItem(id, null, true, null, List.of());
    }

    public boolean isSeparator() {
        return label == null;
    }

    public boolean isSubmenu() {
        return !children.isEmpty();
    }

    /**
     * The label as dbusmenu wants it: an underscore there marks the next letter as the mnemonic,
     * so a literal one is doubled ({@code work_admin} → {@code work__admin}).
     */
    public String dbusmenuLabel() {
        return label == null ? null : label.replace("_", "__");
    }

    /**
     * Whether {@code a} and {@code b} have the same entries in the same places (ids, separators,
     * submenus), so that a backend can keep what it drew and only change labels, enabled flags and
     * actions: the countdown changes every tick, the structure rarely.
     */
    public static boolean sameShape(List<TrayMenuItem> a, List<TrayMenuItem> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            TrayMenuItem x = a.get(i);
            TrayMenuItem y = b.get(i);
            if (!x.id.equals(y.id) || x.isSeparator() != y.isSeparator() || x.isSubmenu() != y.isSubmenu()
                    || !sameShape(x.children, y.children)) {
                return false;
            }
        }
        return true;
    }

    /** Every clickable entry of {@code items}, submenus included, by id. */
    public static Map<String, Runnable> actionsById(List<TrayMenuItem> items) {
        Map<String, Runnable> actions = new HashMap<>();
        collect(items, actions);
        return actions;
    }

    private static void collect(List<TrayMenuItem> items, Map<String, Runnable> into) {
        for (TrayMenuItem item : items) {
            if (item.action != null) {
                into.put(item.id, item.action);
            }
            collect(item.children, into);
        }
    }

    /** Every node of {@code items} in menu order, submenus' entries after their submenu. */
    public static List<TrayMenuItem> flatten(List<TrayMenuItem> items) {
        List<TrayMenuItem> all = new ArrayList<>();
        for (TrayMenuItem item : items) {
            all.add(item);
            all.addAll(flatten(item.children));
        }
        return all;
    }
}
