package dev.tokentray.outputs;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionJson;
import dev.tokentray.net.HttpHead;
import dev.tokentray.net.RequestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A local credentials endpoint in the shape of ECS's, for tools that take neither
 * credential_process nor environment variables for long: SDKs given
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} fetch
 * the session from here and fetch again before it expires, so a child can run for days.
 *
 * <p>Only 127.0.0.1, on a port the system picks unless one is asked for; every request must carry
 * the random token of this run (compared in constant time) or gets 403. Any local user can
 * connect, so requests are read by a {@link RequestServer}: one that holds connections open or
 * sends its headers slowly is cut off and never delays the child's SDK. Requests with the token
 * are answered one at a time, on one worker: a session that has to be renewed is asked for once,
 * not by every waiting request.
 */
public final class EcsCredentialsServer implements AutoCloseable {
    /** The path SDKs are given; some refuse a full URI without one. */
    public static final String PATH = "/credentials";
    /** A request head is a few hundred bytes; SDKs send it at once. */
    private static final RequestServer.Limits LIMITS = new RequestServer.Limits(16 * 1024, Duration.ofSeconds(5), 64, 256);

    private final ServerSocketChannel listener;
    private final RequestServer server;
    private final ExecutorService worker;
    private final byte[] token;
    private final Supplier<Session> sessions;

    /**
     * @param port 0 for any free port
     * @param sessions the current session each time a client asks (from the cache, the agent, or
     *     new); a {@link TokentrayException} becomes a 500 whose message the SDK shows
     */
    public EcsCredentialsServer(int port, Supplier<Session> sessions) {
        this.sessions = sessions;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random).getBytes(StandardCharsets.US_ASCII);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tokentray-ecs-endpoint");
            t.setDaemon(true);
            return t;
        });
        ServerSocketChannel bound = null;
        try {
            bound = ServerSocketChannel.open(StandardProtocolFamily.INET);
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            listener = bound;
            server = new RequestServer(listener, "tokentray-ecs-reader", RequestServer.Framing.HTTP_HEAD, LIMITS, null,
                    this::handle);
        } catch (IOException e) {
            worker.shutdownNow();
            closeQuietly(bound);
            throw new TokentrayException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); pick another --port, or leave it out for any free one");
        }
    }

    /** What the child gets as AWS_CONTAINER_CREDENTIALS_FULL_URI. */
    public String uri() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    private int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new TokentrayException("the credentials endpoint is closed");
        }
    }

    /** What the child gets as AWS_CONTAINER_AUTHORIZATION_TOKEN. */
    public String token() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    /** The two variables an SDK needs to use this endpoint. */
    public Map<String, String> environment() {
        return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", token());
    }

    /** On the reader's thread: everything but getting the session is answered at once. */
    private void handle(RequestServer.Request request) {
        HttpHead head = HttpHead.parse(request.bytes());
        if (head == null) {
            request.reply(reply(400, message("not an HTTP request")));
            return;
        }
        String presented = head.header("Authorization");
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            request.reply(reply(403, message("wrong or missing Authorization token")));
            return;
        }
        if (!head.path().equals(PATH)) {
            request.reply(reply(404, message("only " + PATH + " is served here")));
            return;
        }
        if (!head.method().equals("GET")) {
            request.reply(reply(405, message("only GET is served here")));
            return;
        }
        try {
            worker.execute(() -> request.reply(sessionReply()));
        } catch (RejectedExecutionException e) {
            request.hangUp(); // closing
        }
    }

    private byte[] sessionReply() {
        try {
            return reply(200, SessionFormats.ecsJson(sessions.get()));
        } catch (TokentrayException e) {
            return reply(500, message(e.getMessage()));
        } catch (RuntimeException e) {
            // Only the class: an SDK's message could quote a request, and this goes to another process.
            return reply(500, message("tokentray could not get a session (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private static String message(String text) {
        return SessionJson.write(Map.<String, Object>of("message", text));
    }

    private static byte[] reply(int status, String json) {
        return HttpHead.response(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // failing already
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        worker.shutdownNow();
    }
}
