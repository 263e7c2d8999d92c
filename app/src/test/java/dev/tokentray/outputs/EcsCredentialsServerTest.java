package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.testing.SlowClients;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Another local user can connect to the endpoint (it is on 127.0.0.1): they must not be able to
 * keep the child's SDK from its credentials by holding connections or sending a request slowly.
 */
class EcsCredentialsServerTest {
    private static final Session SESSION = new Session("ASIAECSENDPOINT00001", "secret", "token",
            Instant.parse("2099-01-01T00:00:00Z"));

    private static HttpResponse<String> fetch(EcsCredentialsServer server, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri())).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRightTokenIsAnsweredAndAnyOtherRefused() throws Exception {
        try (EcsCredentialsServer server = new EcsCredentialsServer(0, () -> SESSION)) {
            HttpResponse<String> ok = fetch(server, server.token());
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("{\"AccessKeyId\":\"ASIAECSENDPOINT00001\",\"SecretAccessKey\":\"secret\",\"Token\":\"token\","
                    + "\"Expiration\":\"2099-01-01T00:00:00Z\"}", ok.body());
            assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
            assertEquals(403, fetch(server, "wrong").statusCode());
            assertEquals(403, fetch(server, null).statusCode());
        }
    }

    @Test
    void aSlowClientAndManyIdleOnesDoNotStallTheRightToken() throws Exception {
        try (EcsCredentialsServer server = new EcsCredentialsServer(0, () -> SESSION)) {
            int port = URI.create(server.uri()).getPort();
            assertEquals(200, fetch(server, server.token()).statusCode(), "warm: the HTTP client is loaded before timing it");
            int threadsBefore = SlowClients.threads();
            try (SlowClients slow = new SlowClients(new InetSocketAddress("127.0.0.1", port))) {
                slow.idle(300);
                slow.trickle("GET /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: 1\r\n", Duration.ofSeconds(2));
                Thread.sleep(300); // the server has read the slow client's first line by now

                long start = System.nanoTime();
                HttpResponse<String> ok = fetch(server, server.token());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, ok.statusCode(), ok.body());
                assertTrue(millis < 1000, "answered in " + millis + " ms while a client trickles headers");
                assertTrue(SlowClients.threads() <= threadsBefore + 8,
                        "threads: " + threadsBefore + " before, " + SlowClients.threads() + " with 301 connections held");
                assertFalse(slow.trickleClosedWithin(Duration.ZERO), "the slow client was still trickling meanwhile");
                assertTrue(slow.trickleClosedWithin(Duration.ofSeconds(20)), "the slow client is cut off at the deadline");
            }
        }
    }
}
