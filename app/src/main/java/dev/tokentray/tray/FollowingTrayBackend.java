package dev.tokentray.tray;

import dev.tokentray.TokentrayException;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The icon in whichever tray the desktop has now: a panel that hosts StatusNotifierItems when one
 * is registered on the session bus, else AWT's XEmbed tray. At a login the autostarted tray often
 * starts before the panel (it then begins in an XEmbed tray, or with no tray at all), and a panel
 * can be replaced by another kind while the tray runs; the icon moves at the next tick, and the
 * one it leaves is taken away so no panel shows two. A StatusNotifierItem host that goes away is
 * given {@link #SNI_GRACE} to come back before the icon moves to an XEmbed tray: a panel restart
 * must not bounce the icon between the two.
 */
final class FollowingTrayBackend implements TrayBackend {
    /** How long a panel that hosted the item may be gone (a restart) before the icon moves to XEmbed. */
    static final Duration SNI_GRACE = Duration.ofSeconds(15);

    /** Where the icon is. */
    enum Host { NONE, SNI, XEMBED }

    private final AwtTrayBackend awt;
    private final SniTrayBackend sni;
    private final Consumer<String> log;
    private final AutoCloseable watch;
    /**
     * Set from dbus-java's threads when the watcher changes owner or a host comes or goes; read at
     * the next tick. True at first: a host that registered before the subscription sent its signal unheard.
     */
    private volatile boolean sniHostMayHaveChanged = true;
    // Guarded by this.
    private boolean sniHost;
    private long sniHostLostNanos;
    private Host current = Host.NONE;
    private boolean closed;

    private FollowingTrayBackend(AwtTrayBackend awt, SniTrayBackend sni, Consumer<String> log) {
        this.awt = awt;
        this.sni = sni;
        this.log = log;
        this.watch = sni.watchForHost(() -> sniHostMayHaveChanged = true);
    }

    /** The icon following the desktop's trays; AWT's alone if the bus cannot be watched. */
    static TrayBackend following(AwtTrayBackend awt, SniTrayBackend sni, Consumer<String> log) {
        try {
            return new FollowingTrayBackend(awt, sni, log);
        } catch (TokentrayException e) {
            sni.close();
            return awt;
        }
    }

    /**
     * Where the icon goes next: a StatusNotifierItem host wins; one that went away less than
     * {@link #SNI_GRACE} ago keeps the icon; else an XEmbed tray if there is one ({@code xembedTray}
     * is asked only then, so a desktop with a host never loads AWT's tray); else it stays put, to
     * show again when its host comes back.
     */
    static Host next(Host current, boolean sniHost, Duration sniHostGoneFor, BooleanSupplier xembedTray) {
        if (sniHost) {
            return Host.SNI;
        }
        if (current == Host.SNI && sniHostGoneFor.compareTo(SNI_GRACE) < 0) {
            return Host.SNI;
        }
        return xembedTray.getAsBoolean() ? Host.XEMBED : current;
    }

    /** The AWT backend while it is the one shown, for the tray-message notifier; null otherwise. */
    synchronized AwtTrayBackend awtIfShown() {
        return current == Host.XEMBED ? awt : null;
    }

    /** Whether some tray can show the icon now: while none can, the tray runs in its window. */
    @Override
    public synchronized boolean supported() {
        if (closed) {
            return false;
        }
        return current != Host.NONE || refreshSniHost() || awt.supported();
    }

    @Override
    public void show(BufferedImage icon, String tooltip, List<TrayMenuItem> menu, Runnable onActivate) {
        TrayBackend shown;
        synchronized (this) {
            shown = backend(follow());
        }
        if (shown != null) {
            shown.show(icon, tooltip, menu, onActivate);
        }
    }

    /** Asked before each show: the icon is drawn at the size of the backend that will show it. */
    @Override
    public int iconSize() {
        TrayBackend shown;
        synchronized (this) {
            shown = backend(follow());
        }
        return (shown == null ? awt : shown).iconSize();
    }

    private TrayBackend backend(Host host) {
        return switch (host) {
            case SNI -> sni;
            case XEMBED -> awt;
            case NONE -> null;
        };
    }

    private Host follow() {
        if (closed) {
            return Host.NONE;
        }
        boolean host = refreshSniHost();
        Duration goneFor = host ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - sniHostLostNanos);
        Host next = next(current, host, goneFor, awt::supported);
        if (next != current) {
            if (current == Host.XEMBED) {
                awt.close();
            } else if (current == Host.SNI) {
                sni.withdraw();
            }
            if (current == Host.NONE) {
                // The first placement: TrayApp says so when it leaves its window for it.
            } else if (next == Host.SNI) {
                log.accept("tokentray: the tray icon is now a StatusNotifierItem in the desktop's panel");
            } else {
                log.accept("tokentray: no panel has hosted the tray icon for " + SNI_GRACE.toSeconds()
                        + " s, so it is now in the XEmbed tray");
            }
            if (next == Host.XEMBED) {
                // AWT's toolkit may have just started (asked whether there is an XEmbed tray), and
                // with it its own handler for a lost X connection, over the tray's.
                XConnectionLoss.reassert();
            }
            current = next;
        }
        return current;
    }

    /** Asks the watcher again only after a signal said something changed: no polling. */
    private boolean refreshSniHost() {
        if (sniHostMayHaveChanged) {
            sniHostMayHaveChanged = false;
            boolean now = sni.hostRegistered();
            if (sniHost && !now) {
                sniHostLostNanos = System.nanoTime();
            }
            sniHost = now;
        }
        return sniHost;
    }

    @Override
    public void onDesktopLost(Runnable onLoss) {
        // Both watch the X connection the same way: the windows need it whichever draws the icon.
        awt.onDesktopLost(onLoss);
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            watch.close();
        } catch (Exception e) {
            // The connection is closed with the backend next.
        }
        awt.close();
        sni.close();
    }
}
