package dev.tokentray.agent;

import dev.tokentray.BackgroundProcess;
import dev.tokentray.Env;
import dev.tokentray.Launchers;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import dev.tokentray.fs.FileLock;
import dev.tokentray.sts.NeedsUserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A session through the tray's unlock dialog for a caller with no terminal to ask on (an IDE, a
 * GUI git client, terraform started from either) while a person sits at a desktop: the tray is
 * started when none runs, as gpg-agent brings up its pinentry window, and the caller waits on its
 * dialog, which the tray's agent shares among every caller asking for the same profile.
 *
 * <p>Kept out of the CLI so that any face without a terminal can use it. It lives beside the
 * agent client because that is what it drives: it only adds when to start the agent's host (the
 * tray) and how long to wait for it.
 */
public final class TrayUnlock {
    /**
     * How long a tray started here may take until its agent answers. Launch to icon is 1-2 s on a
     * 2-core machine; at login (cold disk cache) and beside a burst of callers (terraform starts one
     * per provider) it can take many times that. A tray that cannot start at all (a display that
     * refuses it) is reported after this long, so an AWS tool is not left hanging without a word.
     */
    public static final Duration TRAY_START = Duration.ofSeconds(30);
    /** Shortens {@link #TRAY_START}, in seconds, for tests of a tray that never comes up. */
    static final String TRAY_START_PROPERTY = "tokentray.trayStartSeconds";
    /** How often a caller looks for the starting tray's agent: one look costs a few file checks. */
    private static final long LOOK_EVERY_MILLIS = 200;
    /**
     * An ask that came back empty after this long was held by an agent that then went away (the
     * tray quit, crashed or lost its display with the dialog open). No agent, a headless agent and
     * a request lost to a tray still starting all come back within 2.5 s (the client's pick-up check).
     */
    private static final Duration HELD = Duration.ofSeconds(5);

    private final Env env;
    private final Duration trayStart;

    /** For {@code env}'s TOKENTRAY_HOME, waiting {@link #TRAY_START} for a tray to come up. */
    public TrayUnlock(Env env) {
        this(env, Duration.ofSeconds(Long.getLong(TRAY_START_PROPERTY, TRAY_START.toSeconds())));
    }

    TrayUnlock(Env env, Duration trayStart) {
        this.env = env;
        this.trayStart = trayStart;
    }

    /**
     * Whether a person is at a desktop where the tray can show its dialog: on Linux and the BSDs a
     * display (X or Wayland) in the environment; on macOS a session that is not an SSH login (the
     * dialog would show on the Mac's own screen, not to the person typing over SSH); on Windows
     * always (jobs with no desktop run as services, which tokentray is not started from). Never in
     * a CI job, which may well have a virtual display but has nobody at it: a dialog there would
     * hold the job for minutes before it failed.
     *
     * @param osName the OS as {@code os.name} names it
     */
    public static boolean desktop(Env env, String osName) {
        if (ciJob(env)) {
            return false;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return true;
        }
        if (os.startsWith("mac")) {
            return !set(env, "SSH_CONNECTION") && !set(env, "SSH_TTY");
        }
        return set(env, "DISPLAY") || set(env, "WAYLAND_DISPLAY");
    }

    /**
     * Whether this runs in a CI job, as the CI services say it: CI (GitHub Actions, GitLab CI,
     * CircleCI, Travis CI, Buildkite, Bitbucket Pipelines…), TF_BUILD (Azure Pipelines),
     * JENKINS_URL (Jenkins), TEAMCITY_VERSION (TeamCity). CI=false or 0 says it is not one.
     */
    static boolean ciJob(Env env) {
        String ci = env.get("CI");
        if (ci != null && !ci.isBlank() && !ci.strip().equalsIgnoreCase("false") && !ci.strip().equals("0")) {
            return true;
        }
        return set(env, "TF_BUILD") || set(env, "JENKINS_URL") || set(env, "TEAMCITY_VERSION");
    }

    private static boolean set(Env env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    /**
     * The session the tray's dialog gives for {@code profile}, starting the tray when no agent
     * that can show a dialog answers, then waiting for its agent (at most the tray-start bound)
     * and on its dialog (for as long as the tray runs and the dialog is open: a person is typing).
     *
     * @param earlier the agent's answer to an ask made just before, or null: a dialog that was
     *     already shown and closed is not raised again
     * @throws NeedsUserException when the dialog closed without unlocking, or the tray quit first
     * @throws TokentrayException when the tray did not start in time, or its unlock failed
     */
    public Session session(String profile, AgentClient.Answer earlier) {
        if (fromDialogAgent(earlier)) {
            return outcome(profile, earlier);
        }
        Path socket = AgentProtocol.socket(env);
        Instant deadline = null;
        while (true) {
            long asked = System.nanoTime();
            AgentClient.Answer answer = AgentClient.session(socket, profile);
            if (fromDialogAgent(answer)) {
                return outcome(profile, answer);
            }
            if (System.nanoTime() - asked >= HELD.toNanos()) {
                throw new NeedsUserException(profile + " is still locked: the tray quit before it was unlocked; run"
                        + " `tokentray unlock " + profile + "` in a terminal, or start the tray again");
            }
            if (deadline == null) {
                deadline = startTray(profile).plus(trayStart);
            } else if (!Instant.now().isBefore(deadline)) {
                throw new TokentrayException(profile + " is locked and the tray did not start within "
                        + trayStart.toSeconds() + " s: run `tokentray unlock " + profile + "` in a terminal, or"
                        + " `tokentray tray` to see why");
            }
            try {
                Thread.sleep(LOOK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NeedsUserException(profile + " is locked: interrupted while waiting for the tray");
            }
        }
    }

    /**
     * Whether an agent that can ask the person answered: the tray, with a session, "locked" (its
     * dialog closed without unlocking) or an error. Anything else (no agent at all, or a headless
     * agent passing the request on, having no dialog to show) means no tray is there yet: the one
     * condition the wait loop waits on.
     */
    private static boolean fromDialogAgent(AgentClient.Answer answer) {
        return answer != null && (answer.ok() || answer.locked() || AgentProtocol.STATUS_ERROR.equals(answer.status()));
    }

    private static Session outcome(String profile, AgentClient.Answer answer) {
        if (answer.ok()) {
            return answer.session();
        }
        if (answer.locked()) {
            throw new NeedsUserException(profile + " is still locked: the tray's unlock dialog closed without unlocking"
                    + " it; unlock it from the tray's menu, or run `tokentray unlock " + profile + "` in a terminal");
        }
        throw new TokentrayException(answer.message() != null ? answer.message()
                : profile + " could not be unlocked in the tray; run `tokentray unlock " + profile + "` in a terminal");
    }

    /**
     * Starts the tray, unless a tray was started within the tray-start bound (by a concurrent
     * caller, whose tray this one then waits for), and returns when the tray being waited for was
     * started. Callers take turns on a lock in TOKENTRAY_HOME/locks, so a burst of them starts one
     * tray; the time of the last start is the modification time of a file beside it.
     */
    private Instant startTray(String profile) {
        Path locks = env.tokentrayHome().resolve("locks");
        Path lastStart = locks.resolve("tray-started");
        String launcher = Launchers.tray(env);
        try (FileLock turn = FileLock.acquire(locks.resolve("tray-start.lock"))) {
            Instant now = Instant.now();
            Instant last = modified(lastStart);
            // One in the future (the clock was set back) says nothing about a tray starting now.
            if (last != null && !last.isAfter(now) && last.isAfter(now.minus(trayStart))) {
                return last;
            }
            try {
                BackgroundProcess.start(env, List.of(launcher, "tray"));
            } catch (IOException e) {
                throw new TokentrayException(profile + " is locked and the tray could not be started (" + launcher
                        + ": " + e.getClass().getSimpleName() + "); run `tokentray unlock " + profile + "` in a terminal");
            }
            try {
                AtomicFile.write(lastStart, new byte[0], AtomicFile.OWNER_ONLY);
                Files.setLastModifiedTime(lastStart, FileTime.from(now));
            } catch (IOException e) {
                // Unmarked, a concurrent caller starts a second tray, which finds this one and stops.
            }
            return now;
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot take the tray-start lock in " + locks, e,
                    "check its permissions, or run `tokentray unlock " + profile + "` in a terminal"));
        }
    }

    /** When {@code file} was last written; null when it is missing or unreadable (then no start is known). */
    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }
}
