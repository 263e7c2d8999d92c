package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Peers;
import dev.tokentray.testing.SlowClients;
import dev.tokentray.testing.TestHome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneTimeRedirectTest {
    private static HttpResponse<Void> get(URI uri) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void theLinkRedirectsOnceOnlyAndAGuessedPathNever() throws Exception {
        try (OneTimeRedirect link = new OneTimeRedirect("https://example.test/secret?token=1")) {
            assertFalse(link.awaitFollowed(Duration.ofMillis(10)));
            assertEquals(404, get(link.uri().resolve("/guess")).statusCode());
            HttpResponse<Void> first = get(link.uri());
            assertEquals(302, first.statusCode());
            assertEquals("https://example.test/secret?token=1", first.headers().firstValue("Location").orElse(""));
            assertTrue(link.awaitFollowed(Duration.ofSeconds(1)));
            assertEquals(404, get(link.uri()).statusCode(), "dead once followed");
        }
    }

    /** Process arguments are public: another user who copies the link from `ps` is turned away. */
    @Test
    void anotherUserCannotFollowTheLinkAndItStaysGoodForTheOwner() throws Exception {
        String setpriv = Peers.require("setpriv", "apt-get install util-linux").toString();
        String fetch = "import sys, urllib.request, urllib.error\n"
                + "try:\n    urllib.request.urlopen(sys.argv[1])\nexcept urllib.error.HTTPError as e:\n    print(e.code)";
        try (OneTimeRedirect link = new OneTimeRedirect("https://example.test/secret?token=1")) {
            TestHome.Run other = TestHome.process(List.of(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
                    "/usr/bin/python3", "-c", fetch, link.uri().toString()), "", System.getenv());
            assertEquals("403\n", other.out(), other.toString());
            assertFalse(link.awaitFollowed(Duration.ofMillis(10)), "not followed by the other user");
            assertEquals(302, get(link.uri()).statusCode(), "still good for its owner");
        }
    }

    /** Another user who holds connections or sends a request slowly does not keep the browser waiting. */
    @Test
    void aSlowClientAndManyIdleOnesDoNotStallTheBrowser() throws Exception {
        try (OneTimeRedirect link = new OneTimeRedirect("https://example.test/secret?token=1")) {
            assertEquals(404, get(link.uri().resolve("/warm")).statusCode(), "warm: the HTTP client is loaded before timing it");
            int threadsBefore = SlowClients.threads();
            try (SlowClients slow = new SlowClients(new InetSocketAddress("127.0.0.1", link.uri().getPort()))) {
                slow.idle(300);
                slow.trickle("GET " + link.uri().getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: 1\r\n",
                        Duration.ofSeconds(2));
                Thread.sleep(300);

                long start = System.nanoTime();
                HttpResponse<Void> first = get(link.uri());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(302, first.statusCode());
                assertTrue(millis < 1000, "followed in " + millis + " ms while a client trickles headers");
                assertTrue(SlowClients.threads() <= threadsBefore + 8,
                        "threads: " + threadsBefore + " before, " + SlowClients.threads() + " with 301 connections held");
                assertFalse(slow.trickleClosedWithin(Duration.ZERO), "the slow client was still trickling meanwhile");
                assertTrue(slow.trickleClosedWithin(Duration.ofSeconds(20)), "the slow client is cut off at the deadline");
            }
        }
    }
}
