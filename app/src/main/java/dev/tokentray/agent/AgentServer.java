package dev.tokentray.agent;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionJson;
import dev.tokentray.cache.UtcSeconds;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.Fifos;
import dev.tokentray.net.RequestServer;
import dev.tokentray.sts.NeedsUserException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers the shim and the CLI, over a Unix domain socket and (on Linux) named pipes (see
 * {@link AgentProtocol}): a fresh session comes straight from memory (no keyring read, which was
 * measured at seconds on locked-down machines); otherwise the {@link SessionSource} is asked,
 * which in the tray raises the unlock dialog and in the headless agent reads the session cache.
 * Callers waiting on the same profile share one ask of the source.
 *
 * <p>No caller can make the agent grow without bound or stall the next one: the socket is read by
 * a {@link RequestServer} (one thread, a deadline per request, a cap on connections), a caller
 * waiting for an unlock holds no thread, the source is asked on at most {@link #SOURCE_THREADS}
 * threads, and a profile leaves the in-flight table once answered. Only this user's processes
 * are answered: the kernel says who connected.
 */
public final class AgentServer implements AutoCloseable {
    /** Where sessions come from when memory has none fresh. */
    public interface SessionSource {
        /**
         * A session for {@code profile}; null when this agent has none and nobody to ask (the
         * caller is told to do the work itself); throws {@link NeedsUserException} when a person
         * was asked and did not unlock it.
         */
        Session session(String profile);
    }

    /** Profiles asked of the source at once (each may hold an unlock dialog open); more wait their turn. */
    static final int SOURCE_THREADS = 4;
    /**
     * A shim writes its request as soon as it is connected; one that has not within this long is
     * cut off. Connections beyond the caps: see {@link RequestServer.Limits}.
     */
    private static final RequestServer.Limits LIMITS = new RequestServer.Limits(AgentProtocol.MAX_REQUEST,
            Duration.ofSeconds(5), 64, 512);

    private final AgentLock lock;
    private final Path socket;
    private final SessionSource source;
    private final Clock clock;
    private final Map<String, Session> memory = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Session>> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor sources;
    private final RequestServer server;
    private final FifoListener fifos;
    /**
     * Counts the forgets that came from elsewhere (a session cleared or replaced by another
     * process): a session the source read before one came may be the one it replaced, and is
     * answered but not kept. Read and counted under {@link #forgetting}, as memory's puts are.
     */
    private long forgets;
    private final Object forgetting = new Object();
    /** Called when asked to step aside (the tray starts); null: this agent refuses, as the tray's does. */
    private volatile Runnable stepAside;
    private volatile Runnable refusedYield = () -> { };
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Starts an agent with {@code socket} in a directory it makes private and locks. */
    public AgentServer(Path socket, SessionSource source, Clock clock) throws IOException {
        this(AgentLock.acquire(socket.getParent()), source, clock);
    }

    /** Starts the agent in the directory {@code lock} holds, and closes the lock when it closes. */
    public AgentServer(AgentLock lock, SessionSource source, Clock clock) throws IOException {
        this.lock = lock;
        this.socket = AgentProtocol.socket(lock.dir());
        this.source = source;
        this.clock = clock;
        sources = new ThreadPoolExecutor(SOURCE_THREADS, SOURCE_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "agent-source");
                    t.setDaemon(true);
                    return t;
                });
        sources.allowCoreThreadTimeOut(true);
        RequestServer listening = null;
        try {
            // The directory is this user's own (AgentLock checked it), so its owner is who may ask.
            UserPrincipal owner = Files.getOwner(lock.dir(), LinkOption.NOFOLLOW_LINKS);
            Files.deleteIfExists(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.bind(UnixDomainSocketAddress.of(socket), 128);
                AtomicFile.setPermissions(socket, AtomicFile.OWNER_ONLY);
                listening = new RequestServer(channel, "agent-socket", RequestServer.Framing.LINE, LIMITS,
                        client -> sameUser(client, owner), this::answerOverSocket);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            server = listening;
            fifos = fifos(lock.dir());
        } catch (IOException | RuntimeException e) {
            if (listening != null) {
                listening.close();
            }
            sources.shutdownNow();
            Files.deleteIfExists(socket);
            lock.close();
            throw e;
        }
    }

    private static boolean sameUser(SocketChannel client, UserPrincipal owner) {
        try {
            return PeerCredentials.isOwner(client, owner);
        } catch (IOException e) {
            return false;
        }
    }

    /** The named-pipe transport where there is one; without it, clients use the socket, only slower. */
    private FifoListener fifos(Path dir) {
        if (!Fifos.supported()) {
            return null;
        }
        try {
            return new FifoListener(dir, this::answer);
        } catch (IOException e) {
            // Correct without them, only slower: said once, in the tray's log, so a slow shim has a reason.
            System.err.println("tokentray: no named pipes for the agent in " + dir + " (" + e.getClass().getSimpleName()
                    + "); the shim asks over the socket, ~10 ms slower");
            return null;
        }
    }

    public Path socket() {
        return socket;
    }

    /** How many profiles are being asked of the source right now. */
    int inFlight() {
        return inFlight.size();
    }

    /**
     * Forgets the session of {@code profile}, so the next caller asks the source: the tray's own
     * actions (End session, a renewal) call it once they have changed the cache themselves.
     */
    public void forget(String profile) {
        memory.remove(profile);
    }

    /**
     * Forgets {@code profile}'s session (null: every session) because another process cleared or
     * replaced it; a session the source is reading meanwhile is not kept either.
     */
    private void forgetChangedElsewhere(String profile) {
        synchronized (forgetting) {
            forgets++;
            if (profile == null) {
                memory.clear();
            } else {
                memory.remove(profile);
            }
        }
    }

    /**
     * Lets this agent step aside when the tray starts: on a yield request it answers ok, then runs
     * {@code then} (which closes it). Without this, yield is refused, as by the tray's own agent.
     */
    public void stepAsideOn(Runnable then) {
        this.stepAside = then;
    }

    /**
     * Runs {@code then} when this agent refuses to step aside: another tray is starting (launched
     * again from the menu or the dock), and the running one shows itself instead.
     */
    public void onRefusedYield(Runnable then) {
        this.refusedYield = then;
    }

    /** Whether memory holds a session that is fresh now: what keeps the headless agent running. */
    public boolean holdsFresh() {
        for (Session session : memory.values()) {
            if (session.fresh(clock.instant())) {
                return true;
            }
        }
        return false;
    }

    private void answerOverSocket(RequestServer.Request request) {
        answer(new String(request.bytes(), StandardCharsets.UTF_8), reply -> {
            if (reply.isEmpty()) {
                request.hangUp(); // no answer: the caller does the work itself
            } else {
                request.reply((reply + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * Answers one request line: at once from memory, else when the source has answered (from a
     * source thread). The reply line has no newline; an empty one means no answer.
     */
    void answer(String line, Consumer<String> reply) {
        Map<String, Object> request;
        try {
            request = SessionJson.read(line);
        } catch (IllegalArgumentException e) {
            reply.accept(SessionJson.write(error("malformed request")));
            return;
        }
        Object op = request.get("Op");
        Object named = request.get("Profile");
        if (AgentProtocol.OP_FORGET.equals(op) && (named == null || named instanceof String)) {
            forgetChangedElsewhere((String) named);
            reply.accept(SessionJson.write(status(AgentProtocol.STATUS_OK)));
            return;
        }
        if (AgentProtocol.OP_YIELD.equals(op)) {
            Runnable then = stepAside;
            if (then == null) {
                reply.accept(SessionJson.write(error("tokentray's tray is running; it keeps its agent")));
                refusedYield.run();
                return;
            }
            reply.accept(SessionJson.write(status(AgentProtocol.STATUS_OK)));
            then.run();
            return;
        }
        if (!AgentProtocol.OP_SESSION.equals(op) || !(named instanceof String)) {
            reply.accept(SessionJson.write(error("unknown request")));
            return;
        }
        String profile = (String) named;
        Session session = fresh(profile);
        if (session != null) {
            reply.accept(SessionJson.write(ok(session)));
            return;
        }
        // One ask per profile: callers that come meanwhile wait on the same answer.
        CompletableFuture<Session> mine = new CompletableFuture<>();
        CompletableFuture<Session> asked = inFlight.putIfAbsent(profile, mine);
        if (asked == null) {
            asked = mine;
            try {
                sources.execute(() -> ask(profile, mine));
            } catch (RejectedExecutionException e) {
                inFlight.remove(profile, mine);
                reply.accept("");
                return;
            }
        }
        asked.whenComplete((made, failure) -> reply.accept(replyLine(made, failure)));
    }

    private void ask(String profile, CompletableFuture<Session> answer) {
        Session session = null;
        Throwable failure = null;
        try {
            long forgetsBefore;
            synchronized (forgetting) {
                forgetsBefore = forgets;
            }
            session = fresh(profile);
            if (session == null) {
                session = source.session(profile);
                synchronized (forgetting) {
                    if (session != null && forgets == forgetsBefore) {
                        memory.put(profile, session);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            // After memory has it (a caller that misses the table finds the session there), and
            // before anyone is answered: a caller that was answered never sees its ask in flight.
            inFlight.remove(profile, answer);
        }
        if (failure != null) {
            answer.completeExceptionally(failure);
        } else {
            answer.complete(session); // null: nothing here, the caller does the work itself
        }
    }

    private static String replyLine(Session session, Throwable failure) {
        if (failure == null) {
            return SessionJson.write(session != null ? ok(session) : status(AgentProtocol.STATUS_PASS));
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NeedsUserException) {
            return SessionJson.write(status(AgentProtocol.STATUS_LOCKED));
        }
        if (cause instanceof TokentrayException) {
            return SessionJson.write(error(cause.getMessage()));
        }
        return ""; // unexpected: no answer, so the caller does the work itself and reports it
    }

    private Session fresh(String profile) {
        Session session = memory.get(profile);
        return session != null && session.fresh(clock.instant()) ? session : null;
    }

    private static Map<String, Object> ok(Session session) {
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("Status", AgentProtocol.STATUS_OK);
        ok.put("AccessKeyId", session.accessKeyId());
        ok.put("SecretAccessKey", session.secretAccessKey());
        ok.put("SessionToken", session.sessionToken());
        ok.put("Expiration", UtcSeconds.format(session.expiration().getEpochSecond()));
        ok.put("ExpiresAt", session.expiration().getEpochSecond());
        return ok;
    }

    private static Map<String, Object> status(String status) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Status", status);
        return reply;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Status", AgentProtocol.STATUS_ERROR);
        error.put("Message", message);
        return error;
    }

    /**
     * Stops answering and lets go of the agent directory. Callers still waiting (on a dialog, or
     * on a source read) are answered "no answer" first: once another agent holds the directory,
     * they could no longer tell that theirs has gone. Closing twice is harmless.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (fifos != null) {
            fifos.close();
        }
        for (CompletableFuture<Session> waiting : inFlight.values()) {
            waiting.completeExceptionally(new CancellationException("the agent is closing"));
        }
        server.close();
        sources.shutdownNow();
        Files.deleteIfExists(socket);
        lock.close();
    }
}
