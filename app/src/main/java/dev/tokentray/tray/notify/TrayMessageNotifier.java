package dev.tokentray.tray.notify;

import java.awt.EventQueue;
import java.awt.TrayIcon;
import java.awt.event.ActionListener;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Notifications as the tray icon's own messages ({@link TrayIcon#displayMessage}): Windows'
 * balloons and toasts, macOS, and AWT's own bubble on X11 when no freedesktop server runs. A click
 * on a message fires the icon's ActionListener, which runs the newest notice's onClick, once.
 *
 * <p>AWT's click carries nothing that says which message was clicked. Windows shows one message at
 * a time (a new one replaces the last), so "the newest" is right there; AWT on X11 queues messages
 * and shows each for up to 10 s, so a click on an older one still on screen runs the newest's
 * onClick. AWT also fires the listener for a double click on the icon itself, which therefore
 * counts as a click on a message not clicked yet.
 */
public final class TrayMessageNotifier implements Notifier {
    private final Supplier<TrayIcon> trayIcon;
    private final ActionListener clicks = event -> clicked();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tokentray-tray-messages");
        thread.setDaemon(true);
        return thread;
    });
    /** Both touched on the AWT event thread only. */
    private TrayIcon listenedTo;
    private Notice newest;

    /** {@code trayIcon} gives the icon now in the tray, or null while there is none (notices are then dropped). */
    public TrayMessageNotifier(Supplier<TrayIcon> trayIcon) {
        this.trayIcon = trayIcon;
    }

    @Override
    public void show(Notice notice) {
        // No AWT icon (the tray is a StatusNotifierItem, or in its window): dropped here, before
        // the event queue would start AWT's toolkit for nothing.
        if (trayIcon.get() == null) {
            return;
        }
        EventQueue.invokeLater(() -> display(notice));
    }

    private void display(Notice notice) {
        TrayIcon icon = trayIcon.get();
        if (icon == null) {
            return;
        }
        if (icon != listenedTo) {
            if (listenedTo != null) {
                listenedTo.removeActionListener(clicks);
            }
            icon.addActionListener(clicks);
            listenedTo = icon;
        }
        newest = notice;
        icon.displayMessage(notice.title(), text(notice), type(notice.urgency()));
    }

    /**
     * A message has no buttons: the action's label becomes a sentence saying what a click does. On
     * one line, as AWT's X11 bubble drops line breaks.
     */
    static String text(Notice notice) {
        if (notice.onClick() == null || notice.actionLabel() == null || notice.actionLabel().isBlank()) {
            return notice.body();
        }
        String label = notice.actionLabel().strip();
        String hint = "Click to " + label.substring(0, 1).toLowerCase(Locale.ROOT) + label.substring(1) + ".";
        String body = notice.body().strip();
        if (body.isEmpty()) {
            return hint;
        }
        return body + (body.matches(".*[.!?]$") ? " " : ". ") + hint;
    }

    static TrayIcon.MessageType type(Notice.Urgency urgency) {
        return urgency == Notice.Urgency.CRITICAL ? TrayIcon.MessageType.WARNING : TrayIcon.MessageType.INFO;
    }

    private void clicked() {
        Notice notice = newest;
        newest = null;
        if (notice == null || notice.onClick() == null) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    notice.onClick().run();
                } catch (RuntimeException e) {
                    System.err.println("tokentray: a notification's action failed: " + e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    @Override
    public void close() {
        EventQueue.invokeLater(() -> {
            if (listenedTo != null) {
                listenedTo.removeActionListener(clicks);
                listenedTo = null;
            }
            newest = null;
        });
        worker.shutdown();
    }
}
