package dev.tokentray.outputs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A local credentials endpoint in the shape of ECS's (DESIGN.md §5), for tools that take neither
 * credential_process nor environment variables for long: SDKs given
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} fetch
 * the session from here and fetch again before it expires, so a child can run for days.
 *
 * <p>Only 127.0.0.1, on a port the system picks unless one is asked for; every request must carry
 * the random token of this run (compared in constant time) or gets 403. Requests are answered one
 * at a time: a session that has to be renewed is asked for once, not by every waiting request.
 */
public final class EcsCredentialsServer implements AutoCloseable {
    /** The path SDKs are given; some refuse a full URI without one. */
    public static final String PATH = "/credentials";

    private final HttpServer server;
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
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new TokentrayException("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); pick another --port, or leave it out for any free one");
        }
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tokentray-ecs-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(worker);
        server.createContext("/", this::handle);
        server.start();
    }

    /** What the child gets as AWS_CONTAINER_CREDENTIALS_FULL_URI. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** What the child gets as AWS_CONTAINER_AUTHORIZATION_TOKEN. */
    public String token() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    /** The two variables an SDK needs to use this endpoint. */
    public Map<String, String> environment() {
        return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri(), "AWS_CONTAINER_AUTHORIZATION_TOKEN", token());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                reply(exchange, 403, message("wrong or missing Authorization token"));
                return;
            }
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                reply(exchange, 404, message("only " + PATH + " is served here"));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                reply(exchange, 405, message("only GET is served here"));
                return;
            }
            Session session;
            try {
                session = sessions.get();
            } catch (TokentrayException e) {
                reply(exchange, 500, message(e.getMessage()));
                return;
            } catch (RuntimeException e) {
                // Only the class: an SDK's message could quote a request, and this goes to another process.
                reply(exchange, 500, message("tokentray could not get a session (" + e.getClass().getSimpleName() + ")"));
                return;
            }
            reply(exchange, 200, SessionFormats.ecsJson(session));
        }
    }

    private static String message(String text) {
        return SessionJson.write(Map.<String, Object>of("message", text));
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
