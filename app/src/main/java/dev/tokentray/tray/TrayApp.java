package dev.tokentray.tray;

import dev.tokentray.FailureLine;
import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentLock;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.agent.AgentServer;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ExpiryWatch;
import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.SettingsFile;
import dev.tokentray.core.Tokentray;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.mfa.presence.Hid4javaPresence;
import dev.tokentray.shim.ShimArchive;
import dev.tokentray.mfa.presence.YubikeyPresence;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.tray.login.LoginItem;
import dev.tokentray.tray.ui.Views;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The tray app: the agent that answers the shim, the icon and menu, the JavaFX windows, notices
 * before expiry and quiet renewal. It owns the unlocked state; every action is an engine call
 * through {@link ProfileActions}.
 */
public final class TrayApp implements TrayMenu.Commands {
    static final long TICK_SECONDS = 5;
    /** How long a headless agent that holds the agent directory gets to step aside (one still starting listens within ~1 s). */
    private static final Duration AGENT_TAKE_OVER = Duration.ofSeconds(5);

    /** Shows a desktop notice; a later notice with the same key replaces the earlier one. */
    public interface Alerts {
        void show(String key, String title, String body, Runnable onClick);
    }

    private final Tokentray engine;
    private final TrayBackend backend;
    private final Clock clock;
    private final Consumer<String> log;
    private final CountDownLatch quit = new CountDownLatch(1);
    /** Counted down once the run loop has closed the agent and wiped the unlocked state. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private final ExpiryWatch watch = new ExpiryWatch();
    private final UnlockedState state;
    private final ProfileActions actions;
    private final ExecutorService worker = Executors.newCachedThreadPool(daemon("tray-worker"));
    private volatile SettingsFile settings;
    private volatile Alerts alerts;
    private volatile Views views;
    private final YubikeyPresence presence;
    private volatile List<YubikeyPresence.Device> yubikeys = List.of();
    private volatile boolean toolkitStarted;
    /**
     * Whether the icon is in a tray; false while the tray runs in its window because the desktop
     * has none, until one appears (a panel that started after the autostarted tray).
     */
    private volatile boolean trayShown;
    private volatile boolean desktopLost;
    /**
     * Profiles whose last renewal failed (STS unreachable, keys refused), with the expiry of the
     * session that could not be renewed and the line saying why; dropped once the profile has a
     * new session. These, not profiles waiting for keys, turn the icon red.
     */
    private final Map<String, RenewalFailure> renewalFailures = new ConcurrentHashMap<>();
    /** One object for every tick, so the backend sees the icon's click handler did not change. */
    private final Runnable openWindow = this::openWindow;

    private record RenewalFailure(Instant sessionExpires, String line) {
    }

    public TrayApp(Tokentray engine, TrayBackend backend, Clock clock, Consumer<String> log) {
        this(engine, backend, clock, log, new Hid4javaPresence());
    }

    public TrayApp(Tokentray engine, TrayBackend backend, Clock clock, Consumer<String> log, YubikeyPresence presence) {
        this.presence = presence;
        this.engine = engine;
        this.backend = backend;
        this.clock = clock;
        this.log = log;
        this.state = new UnlockedState(engine, log);
        this.actions = new ProfileActions(engine, state);
        // A YubiKey waiting for a touch says so on the desktop and in the open dialog: an IDE or
        // terraform that started the shim shows nothing (DESIGN.md §9).
        state.mfaNotices((profile, notice) -> {
            alert(profile, notice, "tokentray needs an MFA code for " + profile + ".", () -> unlock(profile));
            Views v = views;
            if (v != null) {
                Platform.runLater(() -> v.mfaNotice(profile, notice));
            }
        });
    }

    UnlockedState state() {
        return state;
    }

    /** Sets where notices go (the desktop's notification server, or tray messages). */
    public void alerts(Alerts alerts) {
        this.alerts = alerts;
    }

    /** Runs until Quit; returns the exit code. */
    public int run() throws IOException, InterruptedException {
        // Before anything shows: a headless agent steps aside for the tray (its sessions are in the
        // cache, which the tray reads); a second tray stops here, with one line, while the first runs on.
        AgentLock agentLock = AgentLock.takeOver(AgentProtocol.dir(engine.env()), AGENT_TAKE_OVER);
        // A failure on any of the tray's threads (a menu action, the FX or AWT thread) is one line
        // in the tray's log, never a stack trace; the tray runs on.
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> log.accept(FailureLine.of(failure)));
        try {
            return run(agentLock);
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            agentLock.close();
            throw e;
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    private int run(AgentLock agentLock) throws IOException, InterruptedException {
        settings = SettingsFile.load(engine.env().tokentrayHome());
        ShimArchive.recordInstalledInBackground(log);
        // JavaFX first: if AWT loads GTK before it, JavaFX may fail to load its GTK 3 glass (DESIGN.md §7).
        try {
            Views.startToolkit();
        } catch (UnsupportedOperationException refused) {
            // The display answered but would not let GTK in ("Unable to open DISPLAY").
            throw new TokentrayException("the display " + engine.env().getOrDefault("DISPLAY", "")
                    + " refused the tray's connection; check DISPLAY and XAUTHORITY, or start it from your desktop session");
        }
        toolkitStarted = true;
        views = new Views(actions, worker, clock, settings, LoginItem.forThisOs(engine.env(), engine.launcher()));
        trayShown = backend.supported();
        backend.onDesktopLost(() -> {
            desktopLost = true;
            quit.countDown();
        });
        if (!trayShown) {
            String reason = "No system tray on this desktop (no XEmbed tray host, or GNOME without the AppIndicator"
                    + " extension), so tokentray runs in this window until a tray appears; closing it quits."
                    + " The shim and the CLI work as usual.";
            log.accept("tokentray: " + reason);
            Platform.runLater(() -> {
                views.runWithoutTray(reason, quit::countDown);
                views.showProfiles();
            });
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("tray-tick"));
        // The dialog is there before the agent listens: a shim that asks at once gets the dialog, not "locked".
        actions.attach(views, null);
        try (AgentServer agent = new AgentServer(agentLock, p -> actions.session(p, false), clock)) {
            actions.attach(views, agent);
            // Launched again (from the menu, the dock, a second click): this tray shows its window.
            agent.onRefusedYield(this::openWindow);
            actions.onChange(() -> ticker.execute(this::tick));
            // A scheduled task that throws is never run again, which would freeze the icon and its
            // countdowns: a failed tick is one line in the log and the next one tries again.
            ticker.scheduleWithFixedDelay(() -> {
                try {
                    tick();
                } catch (RuntimeException | Error e) {
                    log.accept(FailureLine.of(e));
                }
            }, 0, TICK_SECONDS, TimeUnit.SECONDS);
            ticker.execute(() -> watchYubikeys(present -> ticker.execute(() -> yubikeysChanged(present))));
            running = true;
            quit.await();
        } finally {
            presence.close();
            ticker.shutdownNow();
            worker.shutdownNow();
            if (!desktopLost) {
                // With the display gone, removing the icon would only touch the dead connection.
                backend.close();
            }
            state.close();
            running = false;
            stopped.countDown();
        }
        return 0;
    }

    /**
     * For a shutdown the tray did not ask for (SIGTERM at a logout, a service manager's stop):
     * stops it as Quit does and waits up to {@code limit} for its agent to be closed (callers
     * then find no socket left behind) and its unlocked state wiped. False when it was not
     * running: it had stopped by itself, or never got as far as serving.
     */
    public boolean stopForShutdown(Duration limit) throws InterruptedException {
        if (!running) {
            return false;
        }
        quit.countDown();
        stopped.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    /** Whether the JavaFX toolkit came up (and so has to be ended with the process). */
    public boolean toolkitStarted() {
        return toolkitStarted;
    }

    /**
     * Whether the tray stopped because the display server went away. Its toolkit threads are then
     * parked for good, holding their locks: the process must end without running exit handlers
     * ({@link XConnectionLoss#endProcess}).
     */
    public boolean desktopLost() {
        return desktopLost;
    }

    /** Presence is a nicety: without hidapi (or USB access) the tray works as before and says why once. */
    private void watchYubikeys(Consumer<List<YubikeyPresence.Device>> onChange) {
        try {
            presence.start(onChange);
        } catch (RuntimeException | LinkageError e) {
            log.accept("tokentray: YubiKey presence is not available (" + e.getClass().getSimpleName()
                    + "); unlock from the menu, the key is still read when asked");
        }
    }

    /** Redraws the menu and raises due notices; returns the profiles a plugged-in YubiKey could unlock. */
    private List<String> tick() {
        if (!trayShown && backend.supported()) {
            trayShown = true;
            log.accept("tokentray: a system tray appeared, so tokentray moved into it; closing the window no longer quits");
            Platform.runLater(views::trayAppeared);
        }
        List<ProfileStatus> rows;
        try {
            rows = actions.overview();
        } catch (RuntimeException e) {
            // The config may be mid-edit; the next tick tries again.
            if (trayShown) {
                backend.show(TrayIcons.draw(TrayIcons.State.ERROR, backend.iconSize()), "tokentray: " + e.getMessage(),
                        TrayMenu.unreadable(e.getMessage(), this), openWindow);
            }
            return List.of();
        }
        Instant now = clock.instant();
        List<String> unlockable = yubikeyUnlockable(rows, now);
        if (trayShown) {
            TrayMenu.View view = TrayMenu.build(TrayMenu.Facts.of(rows, now, state.vaultOpen())
                    .withYubikeyUnlockable(unlockable).withRenewalFailures(currentFailures(rows))
                    .withMfaSessions(mfaSessions(rows)), this);
            backend.show(TrayIcons.draw(view.state(), backend.iconSize()), view.tooltip(), view.items(), openWindow);
        }
        for (ExpiryWatch.Event event : watch.check(rows, now, settings.current())) {
            handle(event, now);
        }
        return unlockable;
    }

    /** When the MFA session of each device the profiles use ends (null where none is cached). */
    private Map<String, Instant> mfaSessions(List<ProfileStatus> rows) {
        Map<String, Instant> sessions = new java.util.HashMap<>();
        for (ProfileStatus row : rows) {
            if (row.mfaSerial() != null && !sessions.containsKey(row.mfaSerial())) {
                sessions.put(row.mfaSerial(), engine.mfaSessionExpires(row.mfaSerial()));
            }
        }
        return sessions;
    }

    /** The renewal failures that still stand: a profile with a new session since has recovered. */
    private Map<String, String> currentFailures(List<ProfileStatus> rows) {
        Map<String, String> standing = new java.util.TreeMap<>();
        for (ProfileStatus row : rows) {
            RenewalFailure failure = renewalFailures.get(row.profile());
            if (failure == null) {
                continue;
            }
            if (java.util.Objects.equals(failure.sessionExpires(), row.sessionExpires())) {
                standing.put(row.profile(), failure.line());
            } else {
                renewalFailures.remove(row.profile(), failure);
            }
        }
        return standing;
    }

    /** Locked profiles whose code a plugged-in YubiKey can give; none while no key is plugged in. */
    private List<String> yubikeyUnlockable(List<ProfileStatus> rows, Instant now) {
        if (yubikeys.isEmpty()) {
            return List.of();
        }
        List<String> profiles = new ArrayList<>();
        for (ProfileStatus row : rows) {
            if (!row.live(now) && row.needs() != null && row.needs().yubikey()) {
                profiles.add(row.profile());
            }
        }
        return profiles;
    }

    /** A key came or went: offer it in the menu, and say so when it can unlock something now. */
    private void yubikeysChanged(List<YubikeyPresence.Device> present) {
        boolean arrived = yubikeys.isEmpty() && !present.isEmpty();
        yubikeys = present;
        List<String> unlockable = tick();
        if (arrived && !unlockable.isEmpty()) {
            alert(unlockable.get(0), present.get(0).product() + " plugged in", "Click to unlock "
                    + String.join(", ", unlockable) + " with it.", () -> unlockable.forEach(this::unlock));
        }
    }

    private void handle(ExpiryWatch.Event event, Instant now) {
        String p = event.profile();
        String left = Countdown.format(Duration.between(now, event.expires()));
        switch (event.kind()) {
            case RENEW -> worker.submit(() -> {
                try {
                    // A profile whose session is its MFA session gets that same session back:
                    // only a new code can extend it, so that counts as needing the person.
                    if (!actions.renewQuietly(p).expiration().isAfter(event.expires())) {
                        throw new NeedsUserException(p + " needs a new MFA code");
                    }
                    renewalFailures.remove(p);
                    log.accept("tokentray: renewed " + p + " ahead of expiry");
                } catch (NeedsUserException e) {
                    // Not a failure: the person is asked for what this profile really needs.
                    String needs = needsPhrase(p);
                    alert(p, p + " needs " + needs, "Its session ends in " + left + ". Click to renew it with "
                            + needs + ".", () -> refresh(p));
                } catch (TokentrayException e) {
                    renewalFailures.put(p, new RenewalFailure(event.expires(), p + " could not be renewed: " + e.getMessage()));
                    actions.onChangeNow();
                    alert(p, p + " could not be renewed", e.getMessage(), () -> refresh(p));
                }
            });
            case EXPIRING -> alert(p, p + " expires in " + left, "Click to renew it now.", () -> refresh(p));
            case EXPIRED -> alert(p, p + " has expired", "AWS tools using it will fail until you unlock it.", () -> unlock(p));
        }
    }

    /** "the vault password", "an MFA code", "your YubiKey": what renewing {@code profile} asks now. */
    private String needsPhrase(String profile) {
        try {
            return state.needs(profile).phrase();
        } catch (TokentrayException e) {
            return "you";
        }
    }

    private void alert(String profile, String title, String body, Runnable onClick) {
        Alerts a = alerts;
        if (a != null) {
            a.show("tokentray:" + profile, title, body, onClick);
        }
    }

    @Override
    public void unlock(String profile) {
        worker.submit(() -> report(profile, () -> actions.session(profile, false)));
    }

    @Override
    public void refresh(String profile) {
        worker.submit(() -> report(profile, () -> {
            actions.refresh(profile);
            renewalFailures.remove(profile);
            // Like a renewal ahead of expiry, one asked for (a notice's click, the menu's Refresh) is logged.
            log.accept("tokentray: renewed " + profile);
        }));
    }

    @Override
    public void clear(String profile) {
        worker.submit(() -> report(profile, () -> actions.clear(profile)));
    }

    @Override
    public void copyExportLines(String profile) {
        worker.submit(() -> report(profile, () -> {
            String lines = actions.exportLines(profile);
            Platform.runLater(() -> {
                javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
                content.putString(lines);
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            });
        }));
    }

    @Override
    public void openConsole(String profile) {
        worker.submit(() -> report(profile, () -> {
            try {
                actions.openConsole(profile);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    @Override
    public void openWindow() {
        Platform.runLater(views::showProfiles);
    }

    @Override
    public void openSettings() {
        Platform.runLater(views::showSettings);
    }

    @Override
    public void lockVault() {
        state.lock();
        actions.onChangeNow();
    }

    @Override
    public void quit() {
        quit.countDown();
    }

    /** Runs a menu action; a failure becomes a notice, since a tray menu has nowhere to print. */
    private void report(String profile, Runnable action) {
        try {
            action.run();
        } catch (NeedsUserException e) {
            // cancelled at the dialog: nothing to say
        } catch (TokentrayException e) {
            alert(profile, "tokentray: " + profile, e.getMessage(), () -> Platform.runLater(() -> views.showProfile(profile)));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
