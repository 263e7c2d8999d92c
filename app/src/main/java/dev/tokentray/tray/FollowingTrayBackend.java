package dev.tokentray.tray;

import dev.tokentray.TokentrayException;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * AWT's tray until a panel that hosts StatusNotifierItems comes up on the session bus, then that
 * item: at a login the autostarted tray often starts before the panel, and a panel that hosts both
 * kinds would otherwise keep the XEmbed icon for good (or, hosting SNI only, show nothing). The
 * switch is made once, at the next tick, with what that tick shows; the AWT icon is
 * removed so no panel shows two. Once on SNI, the item re-registers by itself when the panel restarts.
 */
final class FollowingTrayBackend implements TrayBackend {
    private final AwtTrayBackend awt;
    private final SniTrayBackend sni;
    private final AutoCloseable watch;
    /**
     * Set from dbus-java's threads when a watcher or a host appears; read at the next show. True at
     * first: a host that registered between the choice and the subscription sent its signal unheard.
     */
    private volatile boolean hostMayHaveAppeared = true;
    private boolean closed;
    private volatile TrayBackend current;

    private FollowingTrayBackend(AwtTrayBackend awt, SniTrayBackend sni) {
        this.awt = awt;
        this.sni = sni;
        this.current = awt;
        this.watch = sni.watchForHost(() -> hostMayHaveAppeared = true);
    }

    /** AWT's tray that becomes {@code sni} when a host appears; AWT's alone if the bus cannot be watched. */
    static TrayBackend following(AwtTrayBackend awt, SniTrayBackend sni) {
        try {
            return new FollowingTrayBackend(awt, sni);
        } catch (TokentrayException e) {
            sni.close();
            return awt;
        }
    }

    /** The AWT backend while it is the one shown, for the tray-message notifier; null once on SNI. */
    AwtTrayBackend awtIfShown() {
        return current == awt ? awt : null;
    }

    @Override
    public boolean supported() {
        if (awt.supported()) {
            return true;
        }
        // With no tray at all the tray runs in its window, where closing quits: a tray icon showing
        // up later would change what closing does under the person's hand, so it stays a window.
        synchronized (this) {
            stopFollowing();
            closeSni();
        }
        return false;
    }

    @Override
    public void show(BufferedImage icon, String tooltip, List<TrayMenuItem> menu, Runnable onActivate) {
        follow();
        current.show(icon, tooltip, menu, onActivate);
    }

    /** Asked before each show: the icon is drawn at the size of the backend that will show it. */
    @Override
    public int iconSize() {
        follow();
        return current.iconSize();
    }

    private synchronized void follow() {
        if (hostMayHaveAppeared && current == awt && !closed) {
            hostMayHaveAppeared = false;
            if (sni.hostRegistered()) {
                stopFollowing();
                awt.close();
                current = sni;
            }
        }
    }

    @Override
    public void onDesktopLost(Runnable onLoss) {
        // Both watch the X connection the same way: the windows need it whichever draws the icon.
        current.onDesktopLost(onLoss);
    }

    @Override
    public synchronized void close() {
        stopFollowing();
        awt.close();
        closeSni();
    }

    private void closeSni() {
        if (!closed) {
            closed = true;
            sni.close();
        }
    }

    private void stopFollowing() {
        try {
            watch.close();
        } catch (Exception e) {
            // The connection is closed with the backend anyway.
        }
    }
}
