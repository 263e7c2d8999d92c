package dev.tokentray.tray;

import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.agent.AgentServer;
import dev.tokentray.cache.Session;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.sts.SessionMaker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The tray app as it stands: the agent that answers the shim, and a tray icon whose menu lists
 * every profile with its time left, refreshed every few seconds. The JavaFX window and unlock
 * dialog come next (issue #4); until then a profile that needs a password or code is reported
 * locked to the shim, which tells the person to run `tokentray unlock`.
 */
public final class TrayApp {
    private static final Duration EXPIRING = Duration.ofMinutes(10);

    private final Tokentray engine;
    private final TrayBackend backend;
    private final Clock clock;
    private final CountDownLatch quit = new CountDownLatch(1);

    public TrayApp(Tokentray engine, TrayBackend backend, Clock clock) {
        this.engine = engine;
        this.backend = backend;
        this.clock = clock;
    }

    /** Runs until Quit; returns the exit code. */
    public int run() throws IOException, InterruptedException {
        if (!backend.supported()) {
            throw new TokentrayException("this desktop has no system tray (no XEmbed tray host such as trayer,"
                    + " or a GNOME without the AppIndicator extension); `tokentray list` and `unlock` work without it");
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tray-refresh");
            t.setDaemon(true);
            return t;
        });
        try (AgentServer agent = new AgentServer(AgentProtocol.socket(engine.env()), this::sessionFor, clock)) {
            ticker.scheduleWithFixedDelay(this::refresh, 0, 5, TimeUnit.SECONDS);
            quit.await();
        } finally {
            ticker.shutdownNow();
            backend.close();
        }
        return 0;
    }

    private Session sessionFor(String profile) {
        return engine.session(profile, false, null, new SessionMaker.Inputs() {
            @Override
            public dev.tokentray.sts.AccessKeyPair keys(dev.tokentray.config.KeySource source) {
                throw new NeedsUserException(profile + " is locked");
            }

            @Override
            public dev.tokentray.mfa.MfaCodeSource mfa(dev.tokentray.config.ProfilePlan plan) {
                return (p, serial, retry) -> null;
            }
        });
    }

    private void refresh() {
        try {
            List<ProfileStatus> rows = engine.overview();
            Instant now = clock.instant();
            List<TrayBackend.TrayItem> items = new ArrayList<>();
            List<String> summary = new ArrayList<>();
            TrayIcons.State state = TrayIcons.State.LOCKED;
            for (ProfileStatus row : rows) {
                String left;
                if (row.error() != null) {
                    left = "error";
                    state = TrayIcons.State.ERROR;
                } else if (row.sessionExpires() == null || !row.sessionExpires().isAfter(now)) {
                    left = "locked";
                } else {
                    Duration remaining = Duration.between(now, row.sessionExpires());
                    left = Countdown.format(remaining);
                    if (state != TrayIcons.State.ERROR) {
                        state = remaining.compareTo(EXPIRING) <= 0 ? TrayIcons.State.EXPIRING
                                : state == TrayIcons.State.EXPIRING ? state : TrayIcons.State.LIVE;
                    }
                }
                items.add(new TrayBackend.TrayItem(row.profile() + "  —  " + left, null));
                if (!left.equals("locked")) {
                    summary.add(row.profile() + " " + left);
                }
            }
            if (rows.isEmpty()) {
                items.add(new TrayBackend.TrayItem("No profiles yet: run `tokentray add`", null));
            }
            items.add(TrayBackend.TrayItem.separator());
            items.add(new TrayBackend.TrayItem("Quit tokentray", quit::countDown));
            // The tooltip repeats the live countdowns: hovering answers "how long have I got?".
            String tooltip = summary.isEmpty() ? "tokentray: all locked"
                    : "tokentray: " + String.join(", ", summary.subList(0, Math.min(3, summary.size())))
                    + (summary.size() > 3 ? ", …" : "");
            backend.show(TrayIcons.draw(state, 24), tooltip, items);
        } catch (RuntimeException e) {
            // The config may be mid-edit; the next tick tries again.
            backend.show(TrayIcons.draw(TrayIcons.State.ERROR, 24), "tokentray: " + e.getMessage(),
                    List.of(new TrayBackend.TrayItem(String.valueOf(e.getMessage()), null),
                            TrayBackend.TrayItem.separator(), new TrayBackend.TrayItem("Quit tokentray", quit::countDown)));
        }
    }
}
