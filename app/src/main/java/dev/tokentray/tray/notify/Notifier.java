package dev.tokentray.tray.notify;

/**
 * Shows desktop notifications. One implementation per desktop mechanism (freedesktop D-Bus
 * notifications, the tray icon's own messages); the tray only ever sees this interface.
 */
public interface Notifier extends AutoCloseable {
    /**
     * Shows {@code notice}, replacing the one shown earlier with the same {@link Notice#key()}
     * where the desktop can. Returns without waiting for the desktop.
     */
    void show(Notice notice);

    /** Stops listening for clicks and lets go of the desktop connection. */
    @Override
    void close();
}
