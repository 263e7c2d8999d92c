package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.jr.ob.JSON;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** AWS's federation endpoint as its public documentation describes it ("custom identity broker"). */
public final class FederationEndpoint implements AutoCloseable {
    public static final String TOKEN = "signin-token-42";
    private final HttpServer server;
    public final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    public final List<String> logins = new CopyOnWriteArrayList<>();
    public volatile boolean refuse;

    public FederationEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/federation", exchange -> {
            try (exchange) {
                Map<String, String> query = query(exchange.getRequestURI());
                byte[] body;
                if (refuse) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                if ("getSigninToken".equals(query.get("Action"))) {
                    Map<String, Object> session = JSON.std.mapFrom(query.get("Session"));
                    Map<String, String> seen = new java.util.HashMap<>();
                    session.forEach((k, v) -> seen.put(k, String.valueOf(v)));
                    if (query.containsKey("SessionDuration")) {
                        seen.put("SessionDuration", query.get("SessionDuration"));
                    }
                    assertNotNull(seen.get("sessionKey"));
                    assertNotNull(seen.get("sessionToken"));
                    tokenRequests.add(seen);
                    body = ("{\"SigninToken\":\"" + TOKEN + "\"}").getBytes(StandardCharsets.UTF_8);
                } else if ("login".equals(query.get("Action")) && "tokentray".equals(query.get("Issuer"))) {
                    logins.add(query.get("SigninToken"));
                    body = "signed in".getBytes(StandardCharsets.UTF_8);
                } else {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** The logins seen once one arrived: the browser follows the redirect after the command has returned. */
    public List<String> awaitLogins() throws InterruptedException {
        for (int i = 0; i < 100 && logins.isEmpty(); i++) {
            Thread.sleep(100);
        }
        return List.copyOf(logins);
    }

    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/federation";
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p.length > 1 ? p[1] : "",
                        StandardCharsets.UTF_8)));
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

    @Override
    public void close() {
        server.stop(0);
    }
}
