package dev.tokentray.tray.notify;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/**
 * Notifications through org.freedesktop.Notifications on the D-Bus session bus: GNOME, KDE, dunst,
 * mako, xfce4-notifyd… A notice replaces the server's earlier one with the same key (replaces_id),
 * and a click on it (the "default" action) runs the notice's onClick.
 */
public final class FreedesktopNotifier implements Notifier {
    static final String APP_NAME = "tokentray";
    private static final String DEFAULT_ACTION = "default";
    /** Let the server pick how long a bubble stays (critical ones usually stay until dismissed). */
    private static final int SERVER_DEFAULT_TIMEOUT = -1;

    private final DBusConnection connection;
    private final FreedesktopNotifications server;
    private final boolean actions;
    private final boolean bodyMarkup;
    /** One thread: notices reach the server in the order shown, and clicks never run on a D-Bus thread. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tokentray-notifications");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Long> idByKey = new HashMap<>();
    private final Map<Long, Notice> noticeById = new HashMap<>();
    private final List<AutoCloseable> handlers = new ArrayList<>();

    private FreedesktopNotifier(DBusConnection connection, FreedesktopNotifications server, List<String> capabilities) {
        this.connection = connection;
        this.server = server;
        this.actions = capabilities.contains("actions");
        this.bodyMarkup = capabilities.contains("body-markup");
    }

    /** Connects to the session bus of this process's environment; see {@link #connect(Env)}. */
    public static FreedesktopNotifier connect() {
        return connect(Env.system());
    }

    /**
     * Connects to the session bus named by {@code env} and checks that a notification server is
     * there (running, or startable by D-Bus activation).
     *
     * @throws TokentrayException with one line saying what is missing, so the caller can fall back
     */
    public static FreedesktopNotifier connect(Env env) {
        return connect(sessionBusAddress(env));
    }

    /** As {@link #connect(Env)}, on the bus at {@code busAddress} (e.g. {@code unix:path=/run/user/1000/bus}). */
    public static FreedesktopNotifier connect(String busAddress) {
        DBusConnection connection;
        try {
            // Not shared: closing it must not cut off java-keyring's Secret Service connection.
            connection = DBusConnectionBuilder.forAddress(busAddress).withShared(false)
                    // One signal thread, so a click (ActionInvoked) is always handled before the
                    // NotificationClosed that follows it.
                    .withSignalThreadCount(1)
                    .build();
        } catch (DBusException | RuntimeException e) {
            throw new TokentrayException("cannot connect to the D-Bus session bus at " + busAddress + ": "
                    + firstLine(e));
        }
        try {
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            String name = FreedesktopNotifications.BUS_NAME;
            // Asked of the bus itself, which answers at once: calling a server nobody runs could
            // wait out dbus-java's method timeout.
            if (!bus.NameHasOwner(name) && !List.of(bus.ListActivatableNames()).contains(name)) {
                throw new TokentrayException("no notification server on the D-Bus session bus (nothing provides "
                        + name + ")");
            }
            FreedesktopNotifications server = connection.getRemoteObject(name,
                    FreedesktopNotifications.OBJECT_PATH, FreedesktopNotifications.class);
            FreedesktopNotifier notifier = new FreedesktopNotifier(connection, server, server.GetCapabilities());
            notifier.listen();
            return notifier;
        } catch (TokentrayException e) {
            disconnect(connection);
            throw e;
        } catch (DBusException | RuntimeException e) {
            disconnect(connection);
            throw new TokentrayException("the notification server on the D-Bus session bus did not answer: "
                    + firstLine(e));
        }
    }

    private void listen() throws DBusException {
        handlers.add(connection.addSigHandler(FreedesktopNotifications.ActionInvoked.class, this::actionInvoked));
        handlers.add(connection.addSigHandler(FreedesktopNotifications.NotificationClosed.class, this::closed));
    }

    @Override
    public void show(Notice notice) {
        submit(() -> send(notice));
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed: the tray is quitting, and nothing is listening for clicks any more.
        }
    }

    private void send(Notice notice) {
        Long previous;
        synchronized (this) {
            previous = idByKey.get(notice.key());
        }
        List<String> actionList = actions && notice.onClick() != null
                ? List.of(DEFAULT_ACTION, notice.actionLabel() != null ? notice.actionLabel() : notice.title())
                : List.of();
        Map<String, Variant<?>> hints = Map.of("urgency", new Variant<>((byte) notice.urgency().ordinal()));
        try {
            UInt32 id = server.Notify(APP_NAME, new UInt32(previous == null ? 0 : previous), "", notice.title(),
                    bodyMarkup ? escapeMarkup(notice.body()) : notice.body(), actionList, hints,
                    SERVER_DEFAULT_TIMEOUT);
            synchronized (this) {
                if (previous != null) {
                    noticeById.remove(previous);
                }
                idByKey.put(notice.key(), id.longValue());
                noticeById.put(id.longValue(), notice);
            }
        } catch (RuntimeException e) {
            System.err.println("tokentray: the notification server refused a notice: " + firstLine(e));
        }
    }

    private void actionInvoked(FreedesktopNotifications.ActionInvoked signal) {
        if (!DEFAULT_ACTION.equals(signal.actionKey())) {
            return;
        }
        Notice notice;
        synchronized (this) {
            // Ids are the server's, unique among all its clients: another app's clicks find nothing here.
            notice = noticeById.get(signal.id());
        }
        if (notice != null && notice.onClick() != null) {
            submit(() -> {
                try {
                    notice.onClick().run();
                } catch (RuntimeException e) {
                    System.err.println("tokentray: a notification's action failed: " + firstLine(e));
                }
            });
        }
    }

    private synchronized void closed(FreedesktopNotifications.NotificationClosed signal) {
        // A closed id must not be passed as replaces_id again: the server would show a new
        // bubble under that old id, and its later close signal would look like ours.
        Notice notice = noticeById.remove(signal.id());
        if (notice != null) {
            idByKey.remove(notice.key(), signal.id());
        }
    }

    /** Ids of the notices the server is showing now, by key (what a test or a diagnostic wants to see). */
    synchronized Map<String, Long> shownIds() {
        return Map.copyOf(idByKey);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable handler : handlers) {
            try {
                handler.close();
            } catch (Exception e) {
                // The connection goes next anyway.
            }
        }
        List<Long> open;
        synchronized (this) {
            open = new ArrayList<>(noticeById.keySet());
            noticeById.clear();
            idByKey.clear();
        }
        // Their buttons would do nothing once we are gone.
        for (Long id : open) {
            try {
                server.CloseNotification(new UInt32(id));
            } catch (RuntimeException e) {
                break;
            }
        }
        disconnect(connection);
    }

    /** The session bus of {@code env}: DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus; a TokentrayException when neither is there. */
    public static String sessionBusAddress(Env env) {
        String address = env.get("DBUS_SESSION_BUS_ADDRESS");
        if (address != null) {
            return address;
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && Files.exists(Path.of(runtime, "bus"))) {
            return "unix:path=" + Path.of(runtime, "bus");
        }
        throw new TokentrayException("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and there is no "
                + "$XDG_RUNTIME_DIR/bus");
    }

    /** The body is Pango-like markup on servers that say "body-markup": a literal {@code <} must not start a tag. */
    static String escapeMarkup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void disconnect(DBusConnection connection) {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // Nothing more to release.
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
