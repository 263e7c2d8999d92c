package dev.tokentray.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OneTimeRedirectTest {
    private static HttpResponse<Void> get(URI uri) throws Exception {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
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
}
