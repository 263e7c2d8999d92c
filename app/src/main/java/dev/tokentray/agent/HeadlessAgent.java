package dev.tokentray.agent;

import dev.tokentray.Env;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent without the tray ({@code tokentray agent}), which the shim starts on first use as
 * gpg-agent and ssh-agent are started: the tray's {@link AgentServer}, protocol and memory
 * answers, with the session cache as its only source. It serves a session that is fresh in the
 * cache (on the keyring the user chose) and keeps it in memory, so later calls skip the keyring's
 * start-up; for anything else it passes, and the caller does the work itself (on the terminal,
 * where a password or code can be asked). It has no way to unlock, so it never holds the vault
 * password. One agent per user: when the agent directory is held (another agent, or the tray) it
 * exits at once; when the tray starts it steps aside; and it exits by itself once it has held no
 * fresh session for {@link #IDLE}.
 */
public final class HeadlessAgent {
    /**
     * How long the agent stays without a fresh session: 10 minutes, as long as gpg-agent keeps a
     * passphrase by default (default-cache-ttl 600 s). Long enough to span the pause between a
     * session going stale and the next unlock, or a terraform plan and its apply; short enough that
     * an agent nobody uses does not sit in memory all day. Starting again costs only the next
     * caller's background start; sessions are in the cache meanwhile.
     */
    public static final Duration IDLE = Duration.ofMinutes(10);
    /** For tests only: the idle time in seconds, so that an idle exit can be watched. */
    public static final String IDLE_VARIABLE = "TOKENTRAY_AGENT_IDLE_SECONDS";
    /** The idle check runs this often at most; a shorter idle time is checked four times within it. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    /**
     * A shim that looks whether an agent runs holds the lock for a moment; an agent starting at
     * that moment tries again for this long before it takes the lock for another agent's.
     */
    private static final long LOCK_RETRY_MILLIS = 500;
    /** After the keyring failed to connect, callers are passed at once for this long before it is tried again. */
    private static final Duration KEYRING_RETRY = Duration.ofMinutes(1);

    private HeadlessAgent() {
    }

    /** Runs the agent until it steps aside, idles out or is stopped; the exit code (0). */
    public static int run(Env env, Clock clock) throws IOException, InterruptedException {
        Path dir = AgentProtocol.dir(env);
        AgentLock lock = acquire(dir);
        AgentStarter.started(dir);
        if (lock == null) {
            return 0; // another agent (or the tray) runs: one per user
        }
        CacheSource source = new CacheSource(env, clock);
        CountDownLatch done = new CountDownLatch(1);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-idle");
            t.setDaemon(true);
            return t;
        });
        try (AgentServer server = new AgentServer(lock, source, clock)) {
            server.stepAsideOn(done::countDown);
            // SIGTERM (a logout): the socket and pipes go with the agent, so the next caller finds none.
            Thread closing = new Thread(() -> closeQuietly(server), "agent-shutdown");
            Runtime.getRuntime().addShutdownHook(closing);
            Duration idle = idle(env);
            long every = Math.max(100, Math.min(CHECK_EVERY.toMillis(), idle.toMillis() / 4));
            timer.scheduleWithFixedDelay(new IdleWatch(server, clock, idle, done), every, every, TimeUnit.MILLISECONDS);
            // Connected now, while nobody waits: the first caller does not pay the keyring's start-up.
            source.cache();
            done.await();
        } finally {
            timer.shutdownNow();
        }
        return 0;
    }

    /** The lock, or null when another agent holds it (after {@link #LOCK_RETRY_MILLIS} of retries). */
    private static AgentLock acquire(Path dir) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOCK_RETRY_MILLIS);
        while (true) {
            AgentLock lock = AgentLock.tryAcquire(dir);
            if (lock != null || System.nanoTime() > end) {
                return lock;
            }
            Thread.sleep(50);
        }
    }

    static Duration idle(Env env) {
        String seconds = env.get(IDLE_VARIABLE);
        if (seconds != null && seconds.matches("[0-9]{1,6}")) {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(seconds)));
        }
        return IDLE;
    }

    private static void closeQuietly(AgentServer server) {
        try {
            server.close();
        } catch (IOException e) {
            // exiting anyway; the next agent clears what is left
        }
    }

    /** Ends the agent once it has held no fresh session for the idle time. */
    private static final class IdleWatch implements Runnable {
        private final AgentServer server;
        private final Clock clock;
        private final Duration idle;
        private final CountDownLatch done;
        private Instant lastHeld;

        IdleWatch(AgentServer server, Clock clock, Duration idle, CountDownLatch done) {
            this.server = server;
            this.clock = clock;
            this.idle = idle;
            this.done = done;
            this.lastHeld = clock.instant(); // a new agent is given the idle time to be asked
        }

        @Override
        public void run() {
            Instant now = clock.instant();
            if (server.holdsFresh()) {
                lastHeld = now;
            } else if (!now.isBefore(lastHeld.plus(idle))) {
                done.countDown();
            }
        }
    }

    /** The session cache, on the keyring the user chose as the CLI and the shim choose it. */
    private static final class CacheSource implements AgentServer.SessionSource {
        private final Env env;
        private final Clock clock;
        private SessionCache cache;
        private Instant failedAt;

        CacheSource(Env env, Clock clock) {
            this.env = env;
            this.clock = clock;
        }

        /** Connected on first use; null while a failed connection waits to be tried again. */
        synchronized SessionCache cache() {
            if (cache == null && (failedAt == null || clock.instant().isAfter(failedAt.plus(KEYRING_RETRY)))) {
                try {
                    cache = new SessionCache(KeyringBackends.select(env, env.tokentrayHome(), warning -> {
                    }));
                } catch (RuntimeException e) {
                    failedAt = clock.instant(); // the caller reads the cache itself, and says what is wrong
                }
            }
            return cache;
        }

        /** A fresh cached session, or null (pass): the caller then does the work itself. */
        @Override
        public Session session(String profile) {
            try {
                SessionCache connected = cache();
                return connected == null ? null : connected.fresh(SessionCache.profileKey(profile), clock.instant());
            } catch (RuntimeException e) {
                return null;
            }
        }
    }
}
