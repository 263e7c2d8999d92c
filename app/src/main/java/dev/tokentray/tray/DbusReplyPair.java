package dev.tokentray.tray;

import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;

/** Two out-arguments of a D-Bus method (GetLayout's revision and layout, AboutToShowGroup's two id lists). */
public final class DbusReplyPair<A, B> extends Tuple {
    @Position(0)
    public final A first;
    @Position(1)
    public final B second;

    public DbusReplyPair(A first, B second) {
        this.first = first;
        this.second = second;
    }
}
