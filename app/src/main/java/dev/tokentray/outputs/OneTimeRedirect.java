package dev.tokentray.outputs;

import dev.tokentray.TokentrayException;
import dev.tokentray.net.HttpHead;
import dev.tokentray.net.RequestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A link on 127.0.0.1 that redirects to a secret URL once and then is dead, so a browser can be
 * started with it: the secret itself never becomes a process argument (visible to every user in
 * the process list), only this one-time local link does — and on Linux only this user's processes
 * may follow it. Requests are read by a {@link RequestServer}, so another user who holds
 * connections open or sends a request slowly cannot keep the browser waiting.
 */
public final class OneTimeRedirect implements AutoCloseable {
    /** A browser sends its request head at once, in well under this. */
    private static final RequestServer.Limits LIMITS = new RequestServer.Limits(16 * 1024, Duration.ofSeconds(5), 64, 256);

    private final ServerSocketChannel listener;
    private final RequestServer server;
    private final int port;
    private final String path;
    private final String target;
    private final CountDownLatch followed = new CountDownLatch(1);
    private final AtomicBoolean used = new AtomicBoolean();

    public OneTimeRedirect(String target) {
        this.target = target;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        path = "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ServerSocketChannel bound = null;
        try {
            bound = ServerSocketChannel.open(StandardProtocolFamily.INET);
            bound.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            listener = bound;
            port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            server = new RequestServer(listener, "tokentray-one-time-link", RequestServer.Framing.HTTP_HEAD, LIMITS, null,
                    this::handle);
        } catch (IOException e) {
            try {
                if (bound != null) {
                    bound.close();
                }
            } catch (IOException ignored) {
                // failing already
            }
            throw new TokentrayException("cannot listen on 127.0.0.1 to hand the link to the browser ("
                    + e.getClass().getSimpleName() + "); use --stdout");
        }
    }

    /** On the reader's thread; reading the kernel's socket table for the peer's user takes a moment only. */
    private void handle(RequestServer.Request request) {
        HttpHead head = HttpHead.parse(request.bytes());
        if (head == null || !head.path().equals(path)) {
            request.reply(HttpHead.response(404, Map.of(), null));
            return;
        }
        InetSocketAddress peer;
        try {
            peer = (InetSocketAddress) request.channel().getRemoteAddress();
        } catch (IOException e) {
            request.hangUp();
            return;
        }
        // Another local user who saw the link (process arguments are public) is turned away, and
        // the link stays good for the person's own browser.
        if (!LoopbackPeers.sameUser(peer, port)) {
            request.reply(HttpHead.response(403, Map.of(), null));
        } else if (used.compareAndSet(false, true)) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Location", target);
            headers.put("Cache-Control", "no-store");
            headers.put("Referrer-Policy", "no-referrer");
            request.reply(HttpHead.response(302, headers, null));
            followed.countDown();
        } else {
            request.reply(HttpHead.response(404, Map.of(), null));
        }
    }

    /** The link to give the browser. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Whether the link was followed within {@code timeout}. */
    public boolean awaitFollowed(Duration timeout) throws InterruptedException {
        return followed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
