package dev.tokentray.tray;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * The tray icon as an org.kde.StatusNotifierItem object: the host reads the icon (pixmaps, so no
 * icon theme is needed and the state can change live), the tooltip and where the menu is, and calls
 * Activate on a left click. What it shows is set by {@link SniTrayBackend}, which sends the New*
 * signals after a change.
 */
final class SniItemExport implements StatusNotifierItem, DbusProperties {
    static final String ID = "tokentray";
    private static final String TITLE = "tokentray";

    private final Executor actionRunner;
    private volatile List<SniPixmap> pixmaps = List.of();
    private volatile String tooltip = "";
    private volatile String status = "Active";
    private volatile Runnable onActivate;

    SniItemExport(Executor actionRunner) {
        this.actionRunner = actionRunner;
    }

    @Override
    public String getObjectPath() {
        return OBJECT_PATH;
    }

    void pixmaps(List<SniPixmap> renditions) {
        pixmaps = List.copyOf(renditions);
    }

    void tooltip(String text) {
        tooltip = text;
    }

    String status() {
        return status;
    }

    /** Active, or NeedsAttention (the host may then draw the attention icon: the same pixmaps). */
    void status(String value) {
        status = value;
    }

    void onActivate(Runnable action) {
        onActivate = action;
    }

    @Override
    public void Activate(int x, int y) {
        Runnable action = onActivate;
        if (action != null) {
            actionRunner.execute(action);
        }
    }

    @Override
    public void SecondaryActivate(int x, int y) {
        // A middle click does what a left click does: there is one thing to open.
        Activate(x, y);
    }

    @Override
    public void ContextMenu(int x, int y) {
        // Hosts that call this cannot read the dbusmenu; there is no menu of our own to draw instead.
    }

    @Override
    public void Scroll(int delta, String orientation) {
        // Nothing to scroll through.
    }

    @Override
    public Map<String, Variant<?>> GetAll(String iface) {
        List<SniPixmap> icon = pixmaps;
        Map<String, Variant<?>> all = new LinkedHashMap<>();
        all.put("Category", new Variant<>("ApplicationStatus"));
        all.put("Id", new Variant<>(ID));
        all.put("Title", new Variant<>(TITLE));
        all.put("Status", new Variant<>(status));
        all.put("WindowId", new Variant<>(0));
        all.put("IconName", new Variant<>(""));
        all.put("IconThemePath", new Variant<>(""));
        all.put("IconPixmap", new Variant<>(icon, "a(iiay)"));
        all.put("OverlayIconName", new Variant<>(""));
        all.put("OverlayIconPixmap", new Variant<>(List.of(), "a(iiay)"));
        all.put("AttentionIconName", new Variant<>(""));
        // Hosts that show NeedsAttention with the attention icon get the same one: it already
        // carries the red badge.
        all.put("AttentionIconPixmap", new Variant<>(icon, "a(iiay)"));
        all.put("AttentionMovieName", new Variant<>(""));
        all.put("ToolTip", new Variant<>(new SniToolTip("", List.of(), TITLE, tooltip), "(sa(iiay)ss)"));
        all.put("ItemIsMenu", new Variant<>(false));
        all.put("Menu", new Variant<>(new DBusPath(DbusMenu.OBJECT_PATH)));
        return all;
    }
}
