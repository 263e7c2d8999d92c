package dev.tokentray.agent;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.cache.SessionJson;
import dev.tokentray.cache.UtcSeconds;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.Fifos;
import dev.tokentray.sts.NeedsUserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers the shim and the CLI, over a Unix domain socket and (on Linux) named pipes (see
 * {@link AgentProtocol}), from the unlocked state the tray holds:
 * a fresh session comes straight from memory (no keyring read, which DESIGN.md §9 measured at
 * seconds on locked-down machines); otherwise the {@link SessionSource} is asked, which in the
 * tray raises the unlock dialog. Callers waiting on the same profile or MFA device are served by
 * one unlock, because the source runs through the engine's per-device lock.
 */
public final class AgentServer implements AutoCloseable {
    /** Where sessions come from when memory has none fresh. */
    public interface SessionSource {
        /** A session for {@code profile}; throws {@link NeedsUserException} when nobody unlocked it. */
        Session session(String profile);
    }

    private final AgentLock lock;
    private final Path socket;
    private final SessionSource source;
    private final Clock clock;
    private final Map<String, Session> memory = new ConcurrentHashMap<>();
    private final Map<String, Object> inFlight = new ConcurrentHashMap<>();
    private final ServerSocketChannel server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "agent-client");
        t.setDaemon(true);
        return t;
    });
    private final Thread acceptor;
    private final FifoListener fifos;
    private volatile boolean open = true;

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
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            AtomicFile.setPermissions(socket, AtomicFile.OWNER_ONLY);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        acceptor = new Thread(this::acceptLoop, "agent-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        fifos = fifos(lock.dir());
    }

    /** The named-pipe transport where there is one; without it, clients use the socket, only slower. */
    private FifoListener fifos(Path dir) {
        if (!Fifos.supported()) {
            return null;
        }
        try {
            return new FifoListener(dir, this::replyLine, workers);
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

    /** Forgets the session of {@code profile} (after clear), so the next caller asks the source. */
    public void forget(String profile) {
        memory.remove(profile);
    }

    private void acceptLoop() {
        while (open) {
            try {
                SocketChannel client = server.accept();
                workers.submit(() -> serve(client));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String line = AgentProtocol.readLine(new BufferedInputStream(Channels.newInputStream(client)),
                    AgentProtocol.MAX_REQUEST);
            byte[] out = (replyLine(line) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(out);
            while (buffer.hasRemaining()) {
                client.write(buffer);
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
        }
    }

    /** The reply line, without its newline, for one request line (null: none came). */
    private String replyLine(String line) {
        return SessionJson.write(line == null ? error("empty request") : answer(line));
    }

    private Map<String, Object> answer(String line) {
        Map<String, Object> request;
        try {
            request = SessionJson.read(line);
        } catch (IllegalArgumentException e) {
            return error("malformed request");
        }
        if (!AgentProtocol.OP_SESSION.equals(request.get("Op")) || !(request.get("Profile") instanceof String)) {
            return error("unknown request");
        }
        String profile = (String) request.get("Profile");
        Session session = fresh(profile);
        if (session == null) {
            // One unlock per profile: callers that queued behind it find its session in memory.
            synchronized (inFlight.computeIfAbsent(profile, p -> new Object())) {
                session = fresh(profile);
                if (session != null) {
                    return ok(session);
                }
                try {
                    session = source.session(profile);
                    memory.put(profile, session);
                } catch (NeedsUserException e) {
                    Map<String, Object> locked = new LinkedHashMap<>();
                    locked.put("Status", AgentProtocol.STATUS_LOCKED);
                    return locked;
                } catch (TokentrayException e) {
                    return error(e.getMessage());
                }
            }
        }
        return ok(session);
    }

    private Session fresh(String profile) {
        Session session = memory.get(profile);
        return session != null && session.remaining(clock.instant()).compareTo(SessionCache.MIN_REMAINING) > 0
                ? session : null;
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

    private static Map<String, Object> error(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Status", AgentProtocol.STATUS_ERROR);
        error.put("Message", message);
        return error;
    }

    @Override
    public void close() throws IOException {
        open = false;
        if (fifos != null) {
            fifos.close();
        }
        server.close();
        workers.shutdownNow();
        Files.deleteIfExists(socket);
        lock.close();
    }
}
