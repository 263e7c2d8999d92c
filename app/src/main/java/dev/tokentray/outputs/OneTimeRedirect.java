package dev.tokentray.outputs;

import com.sun.net.httpserver.HttpServer;
import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A link on 127.0.0.1 that redirects to a secret URL once and then is dead, so a browser can be
 * started with it: the secret itself never becomes a process argument (visible to every user in
 * the process list), only this one-time local link does — and on Linux only this user's processes
 * may follow it.
 */
public final class OneTimeRedirect implements AutoCloseable {
    private final HttpServer server;
    private final String path;
    private final CountDownLatch followed = new CountDownLatch(1);
    private final AtomicBoolean used = new AtomicBoolean();

    public OneTimeRedirect(String target) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        path = "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        } catch (IOException e) {
            throw new TokentrayException("cannot listen on 127.0.0.1 to hand the link to the browser ("
                    + e.getClass().getSimpleName() + "); use --stdout");
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                // Another local user who saw the link (process arguments are public) is turned away
                // and the link stays good for the person's own browser.
                if (!LoopbackPeers.sameUser(exchange.getRemoteAddress(), server.getAddress().getPort())) {
                    exchange.sendResponseHeaders(403, -1);
                } else if (exchange.getRequestURI().getPath().equals(path) && used.compareAndSet(false, true)) {
                    exchange.getResponseHeaders().set("Location", target);
                    exchange.getResponseHeaders().set("Cache-Control", "no-store");
                    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
                    exchange.sendResponseHeaders(302, -1);
                    followed.countDown();
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
    }

    /** The link to give the browser. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Whether the link was followed within {@code timeout}. */
    public boolean awaitFollowed(Duration timeout) throws InterruptedException {
        return followed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
