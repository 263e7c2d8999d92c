package dev.tokentray.tray.notify;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import java.awt.TrayIcon;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Picks the notifier this desktop has. */
public final class Notifiers {
    private Notifiers() {
    }

    /** {@link #forDesktop(Env, Supplier, Consumer)} for this process, with the reason for a fallback dropped. */
    public static Notifier forDesktop(Supplier<TrayIcon> trayIcon) {
        return forDesktop(Env.system(), trayIcon, reason -> { });
    }

    /**
     * Freedesktop notifications where the desktop is neither Windows nor macOS and a notification
     * server answers on the session bus named by {@code env}; otherwise the tray icon's messages.
     * Linux desktops all run a freedesktop server (GNOME, KDE, XFCE, dunst, mako…); their own
     * notifications are what people look at, and AWT's X11 bubble looks foreign there.
     *
     * @param fallbackReason told, in one line, why a freedesktop-capable OS got tray messages
     */
    public static Notifier forDesktop(Env env, Supplier<TrayIcon> trayIcon, Consumer<String> fallbackReason) {
        if (usesFreedesktop(System.getProperty("os.name", ""))) {
            try {
                return FreedesktopNotifier.connect(env);
            } catch (TokentrayException e) {
                fallbackReason.accept(e.getMessage());
            }
        }
        return new TrayMessageNotifier(trayIcon);
    }

    /** Whether desktops on this OS speak the freedesktop D-Bus protocols (notices, StatusNotifierItem). */
    public static boolean usesFreedesktop(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        return !os.startsWith("windows") && !os.startsWith("mac");
    }
}
