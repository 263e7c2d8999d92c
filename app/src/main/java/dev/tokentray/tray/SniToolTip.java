package dev.tokentray.tray;

import java.util.List;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** StatusNotifierItem's ToolTip, {@code (sa(iiay)ss)}: icon name, icon pixmaps, title, text. */
public final class SniToolTip extends Struct {
    @Position(0)
    public final String iconName;
    @Position(1)
    public final List<SniPixmap> iconPixmap;
    @Position(2)
    public final String title;
    @Position(3)
    public final String text;

    public SniToolTip(String iconName, List<SniPixmap> iconPixmap, String title, String text) {
        this.iconName = iconName;
        this.iconPixmap = iconPixmap;
        this.title = title;
        this.text = text;
    }
}
