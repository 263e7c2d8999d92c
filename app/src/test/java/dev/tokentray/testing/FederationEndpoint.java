package dev.tokentray.testing;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * AWS's federation endpoint as its public documentation describes it ("custom identity broker"):
 * getSigninToken trades a session for a sign-in token, login takes the token. It refuses what
 * AWS's refuses, with HTTP 400: a session without its three parts, a GetSessionToken session, a
 * {@code SessionDuration} with a GetFederationToken session or outside 15 min to 12 h, a login
 * with a token it did not hand out. Each refusal is kept with its reason in {@link #refusals()}.
 *
 * <p>The handler runs on the server's own thread, where a failed check would only drop the
 * connection: whatever goes wrong there (a refusal or a fault of this fixture) is collected and
 * thrown in the test by {@link #close()}, unless the test took the refusals it expected.
 */
public final class FederationEndpoint implements AutoCloseable {
    public static final String TOKEN = "signin-token-42";
    /**
     * The session token moto's GetFederationToken returns, every time (the example of AWS's API
     * reference): how this endpoint, like AWS's, tells a federation session from a role session.
     */
    public static final String MOTO_FEDERATION_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQ"
            + "WLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KP"
            + "kyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Y"
            + "jc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    /** The session token moto's GetSessionToken returns, every time: a session the endpoint refuses. */
    public static final String MOTO_SESSION_TOKEN = "AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LT"
            + "o6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AX"
            + "lzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE";
    /** The console session a role session may ask for (getSigninToken's SessionDuration). */
    private static final Duration SHORTEST = Duration.ofMinutes(15);
    private static final Duration LONGEST = Duration.ofHours(12);
    private static final Duration AWAIT = Duration.ofSeconds(10);

    private final HttpServer server;
    /** Each session traded, as its JSON's fields, plus SessionDuration when it was asked for. */
    public final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    /** The sign-in tokens of each login, in order. */
    public final List<String> logins = new CopyOnWriteArrayList<>();
    /** When set, every request gets HTTP 400 (the endpoint turning a session down), not counted as a refusal. */
    public volatile boolean refuse;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<Throwable> faults = new CopyOnWriteArrayList<>();

    public FederationEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/federation", exchange -> {
            try (exchange) {
                answer(exchange);
            } catch (RuntimeException | IOException | Error e) {
                // The client sees the connection dropped; the test sees why from close().
                faults.add(e);
            }
        });
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        if (refuse) {
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI());
        String action = query.getOrDefault("Action", "");
        String refused = switch (action) {
            case "getSigninToken" -> signinToken(query);
            case "login" -> login(query);
            default -> "no such Action: '" + action + "'";
        };
        if (refused != null) {
            refusals.add(action + ": " + refused);
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        byte[] body = ("getSigninToken".equals(action) ? "{\"SigninToken\":\"" + TOKEN + "\"}" : "signed in")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Records the session and returns null, or why AWS would refuse it. */
    private String signinToken(Map<String, String> query) {
        if (query.get("Session") == null) {
            return "no Session";
        }
        Map<String, Object> session;
        try {
            session = JSON.std.mapFrom(query.get("Session"));
        } catch (IOException notJson) {
            session = null;
        }
        if (session == null) {
            return "the Session is not a JSON object";
        }
        Map<String, String> seen = new HashMap<>();
        session.forEach((k, v) -> seen.put(k, String.valueOf(v)));
        for (String part : List.of("sessionId", "sessionKey", "sessionToken")) {
            if (!(session.get(part) instanceof String s) || s.isEmpty()) {
                return "the Session has no " + part;
            }
        }
        String token = seen.get("sessionToken");
        if (MOTO_SESSION_TOKEN.equals(token)) {
            return "a GetSessionToken session (the console takes role and federation sessions only)";
        }
        String duration = query.get("SessionDuration");
        if (duration != null) {
            if (MOTO_FEDERATION_TOKEN.equals(token)) {
                return "SessionDuration=" + duration + " with a GetFederationToken session (the federation session's"
                        + " own duration applies)";
            }
            long seconds;
            try {
                seconds = Long.parseLong(duration);
            } catch (NumberFormatException e) {
                return "SessionDuration=" + duration + " is not a number of seconds";
            }
            if (seconds < SHORTEST.toSeconds() || seconds > LONGEST.toSeconds()) {
                return "SessionDuration=" + duration + " is outside " + SHORTEST.toSeconds() + " to " + LONGEST.toSeconds();
            }
            seen.put("SessionDuration", duration);
        }
        tokenRequests.add(Map.copyOf(seen));
        return null;
    }

    /** Records the login and returns null, or why AWS would refuse it. */
    private String login(Map<String, String> query) {
        if (!"tokentray".equals(query.get("Issuer"))) {
            return "Issuer is '" + query.get("Issuer") + "', not tokentray";
        }
        String destination = query.get("Destination");
        if (destination == null || !destination.startsWith("https://")) {
            return "Destination '" + destination + "' is not an https URL";
        }
        if (!TOKEN.equals(query.get("SigninToken"))) {
            return "a SigninToken this endpoint did not hand out";
        }
        logins.add(query.get("SigninToken"));
        return null;
    }

    /**
     * Whether getSigninToken was given a GetFederationToken session, one that moto made: a test of
     * a federated sign-in checks it, so that this endpoint's refusals cannot silently stop applying.
     */
    public boolean tradedAFederationSession() {
        return tokenRequests.stream().anyMatch(r -> MOTO_FEDERATION_TOKEN.equals(r.get("sessionToken")));
    }

    /** The logins seen once one arrived: the browser follows the redirect after the command has returned. */
    public List<String> awaitLogins() throws InterruptedException {
        Instant deadline = Instant.now().plus(AWAIT);
        while (logins.isEmpty() && refusals.isEmpty() && faults.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        throwCollected();
        return List.copyOf(logins);
    }

    /** The requests refused so far, each with its reason, which the endpoint then forgets (a test that expects them). */
    public List<String> takeRefusals() {
        List<String> taken = List.copyOf(refusals);
        refusals.removeAll(taken);
        return taken;
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/federation";
    }

    private static Map<String, String> query(URI uri) {
        String raw = uri.getRawQuery();
        if (raw == null) {
            return Map.of();
        }
        return java.util.Arrays.stream(raw.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "",
                        StandardCharsets.UTF_8), (first, again) -> again));
    }

    /**
     * A browser for BROWSER in {@code dir}, as a person on a headless box would set one: it writes
     * what it was started with to {@code dir/browser-args}, then fetches the link as a browser
     * would, following redirects.
     */
    public static Path browser(Path dir) throws IOException {
        Path launcher = dir.resolve("browser");
        Files.writeString(launcher, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("browser-args") + "\n"
                + "python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \"$1\""
                + " >/dev/null 2>&1 &\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        return launcher;
    }

    /** Stops the server, then fails with what went wrong on its thread: refusals no test took, and faults. */
    @Override
    public void close() {
        server.stop(0);
        throwCollected();
    }

    private void throwCollected() {
        if (refusals.isEmpty() && faults.isEmpty()) {
            return;
        }
        List<String> what = new ArrayList<>();
        if (!refusals.isEmpty()) {
            what.add("refused what AWS's refuses: " + refusals);
        }
        if (!faults.isEmpty()) {
            what.add("failed on its server thread: " + faults);
        }
        AssertionError error = new AssertionError("the federation endpoint " + String.join("; and ", what));
        faults.forEach(error::addSuppressed);
        throw error;
    }
}
