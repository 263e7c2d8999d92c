package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

class SniMenuExportTest {
    private final List<DBusSignal> sent = new ArrayList<>();
    private final SniMenuExport menu = new SniMenuExport(Runnable::run, sent::add);
    private final AtomicInteger unlocks = new AtomicInteger();

    private List<TrayMenuItem> menuWith(String opsLeft) {
        return List.of(TrayMenuItem.text("header", "1 session"),
                TrayMenuItem.submenu("profile:ops", "ops  —  " + opsLeft,
                        List.of(TrayMenuItem.entry("profile:ops/refresh", "Refresh", () -> { }))),
                TrayMenuItem.separator("sep"),
                TrayMenuItem.entry("unlock:work_admin", "Unlock work_admin", unlocks::incrementAndGet));
    }

    @Test
    void aTickThatOnlyMovesTheCountdownSendsTheChangedLabelNotANewLayout() {
        menu.update(menuWith("42m"));
        UInt32 revision = menu.GetLayout(0, -1, List.of()).first;
        sent.clear();
        menu.update(menuWith("41m"));
        assertEquals(1, sent.size(), sent.toString());
        DbusMenu.ItemsPropertiesUpdated updated = assertInstanceOf(DbusMenu.ItemsPropertiesUpdated.class, sent.get(0));
        assertEquals(1, updated.updated.size());
        assertEquals("ops  —  41m", updated.updated.get(0).properties.get("label").getValue());
        assertEquals(revision, menu.GetLayout(0, -1, List.of()).first, "same shape, same revision");
        sent.clear();
        menu.update(menuWith("41m"));
        assertTrue(sent.isEmpty(), "nothing changed, nothing sent: " + sent);
    }

    @Test
    void aNewShapeBumpsTheRevisionAndSendsLayoutUpdated() {
        menu.update(menuWith("42m"));
        long before = menu.GetLayout(0, -1, List.of()).first.longValue();
        sent.clear();
        menu.update(List.of(TrayMenuItem.entry("quit", "Quit tokentray", () -> { })));
        DbusMenu.LayoutUpdated layout = assertInstanceOf(DbusMenu.LayoutUpdated.class, sent.get(0));
        assertEquals(before + 1, layout.revision.longValue());
        assertEquals(0, layout.parent);
        assertEquals(1, menu.GetLayout(0, -1, List.of()).second.children.size());
    }

    @Test
    void theLayoutEscapesUnderscoresAndNestsSubmenus() {
        menu.update(menuWith("42m"));
        DbusMenuNode root = menu.GetLayout(0, -1, List.of()).second;
        assertEquals(0, root.id);
        assertEquals("submenu", root.properties.get("children-display").getValue());
        assertEquals(4, root.children.size());
        DbusMenuNode ops = (DbusMenuNode) root.children.get(1).getValue();
        assertEquals("submenu", ops.properties.get("children-display").getValue());
        assertEquals("Refresh", ((DbusMenuNode) ops.children.get(0).getValue()).properties.get("label").getValue());
        assertEquals("separator", ((DbusMenuNode) root.children.get(2).getValue()).properties.get("type").getValue());
        DbusMenuNode unlock = (DbusMenuNode) root.children.get(3).getValue();
        assertEquals("Unlock work__admin", unlock.properties.get("label").getValue());
        assertEquals(false, ((DbusMenuNode) root.children.get(0).getValue()).properties.get("enabled").getValue(),
                "informing text is greyed out");
        // Depth 1: the root's entries, without their children.
        DbusMenuNode shallow = menu.GetLayout(0, 1, List.of()).second;
        assertTrue(((DbusMenuNode) shallow.children.get(1).getValue()).children.isEmpty());
    }

    @Test
    void aClickRunsTheEntrysActionAndTheRootHasProperties() {
        menu.update(menuWith("42m"));
        DbusMenuNode unlock = (DbusMenuNode) menu.GetLayout(0, -1, List.of()).second.children.get(3).getValue();
        menu.Event(unlock.id, "hovered", new Variant<>(0), new UInt32(0));
        assertEquals(0, unlocks.get(), "a hover is not a click");
        menu.Event(unlock.id, "clicked", new Variant<>(0), new UInt32(0));
        assertEquals(1, unlocks.get());
        // The ids stay across ticks, so a menu opened before a tick still clicks the same entry.
        menu.update(menuWith("41m"));
        assertEquals(List.of(999), menu.EventGroup(List.of(new DbusMenuEvent(unlock.id, "clicked", new Variant<>(0),
                new UInt32(0)), new DbusMenuEvent(999, "clicked", new Variant<>(0), new UInt32(0)))));
        assertEquals(2, unlocks.get());
        List<DbusMenuItemProperties> root = menu.GetGroupProperties(List.of(0), List.of());
        assertEquals(1, root.size());
        assertEquals(0, root.get(0).id);
        assertEquals("submenu", root.get(0).properties.get("children-display").getValue());
        assertEquals(new UInt32(3), menu.Get("com.canonical.dbusmenu", "Version").getValue());
    }
}
