package dev.tokentray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stand-in for AWS's federation endpoint refuses what AWS's refuses, with HTTP 400 (not a
 * dropped connection), and a test that uses it hears of every refusal it did not expect when it
 * closes the endpoint.
 */
class FederationEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRoleSessionIsTradedForASigninTokenWithTheDurationItAsks() throws Exception {
        try (FederationEndpoint endpoint = new FederationEndpoint()) {
            HttpResponse<String> r = get(endpoint, signin(session("ASIAROLE", "key", "role-token"), "3600"));
            assertEquals(200, r.statusCode());
            assertEquals("{\"SigninToken\":\"" + FederationEndpoint.TOKEN + "\"}", r.body());
            assertEquals(Map.of("sessionId", "ASIAROLE", "sessionKey", "key", "sessionToken", "role-token",
                    "SessionDuration", "3600"), endpoint.tokenRequests.get(0));
        }
    }

    @Test
    void aFederationSessionWithSessionDurationIsRefusedAsAwsRefusesIt() throws Exception {
        try (FederationEndpoint endpoint = new FederationEndpoint()) {
            String federated = session("AKIAIOSFODNN7EXAMPLE", "key", FederationEndpoint.MOTO_FEDERATION_TOKEN);
            assertEquals(400, get(endpoint, signin(federated, "3600")).statusCode());
            assertEquals(List.of("getSigninToken: SessionDuration=3600 with a GetFederationToken session (the federation"
                    + " session's own duration applies)"), endpoint.takeRefusals());
            assertEquals(200, get(endpoint, signin(federated, null)).statusCode(), "without it: traded");
            assertTrue(endpoint.tradedAFederationSession());
        }
    }

    @Test
    void whatElseAwsRefusesIsRefusedWithItsReason() throws Exception {
        try (FederationEndpoint endpoint = new FederationEndpoint()) {
            assertEquals(400, get(endpoint, signin(session("ASIAROLE", "key", "role-token"), "899")).statusCode());
            assertEquals(400, get(endpoint, signin(session("ASIAROLE", "key", "role-token"), "43201")).statusCode());
            assertEquals(400, get(endpoint, signin("{\"sessionId\":\"ASIAROLE\",\"sessionToken\":\"t\"}", null))
                    .statusCode());
            assertEquals(400, get(endpoint, "Action=getSigninToken&Session=").statusCode());
            assertEquals(400, get(endpoint, signin(session("AKIAIOSFODNN7EXAMPLE", "key",
                    FederationEndpoint.MOTO_SESSION_TOKEN), null)).statusCode());
            assertEquals(400, get(endpoint, "Action=login&Issuer=tokentray&Destination="
                    + encode("https://console.aws.amazon.com/") + "&SigninToken=forged").statusCode());
            assertEquals(List.of(
                    "getSigninToken: SessionDuration=899 is outside 900 to 43200",
                    "getSigninToken: SessionDuration=43201 is outside 900 to 43200",
                    "getSigninToken: the Session has no sessionKey",
                    "getSigninToken: the Session is not a JSON object",
                    "getSigninToken: a GetSessionToken session (the console takes role and federation sessions only)",
                    "login: a SigninToken this endpoint did not hand out"), endpoint.takeRefusals());
            assertEquals(List.of(), endpoint.tokenRequests, "nothing refused was traded");
        }
    }

    @Test
    void aRefusalTheTestDidNotTakeFailsItWhenTheEndpointCloses() throws Exception {
        FederationEndpoint endpoint = new FederationEndpoint();
        assertEquals(400, get(endpoint, signin("{\"sessionId\":\"ASIAROLE\",\"sessionKey\":\"k\"}", null)).statusCode());
        AssertionError e = assertThrows(AssertionError.class, endpoint::close);
        assertEquals("the federation endpoint refused what AWS's refuses: [getSigninToken: the Session has no"
                + " sessionToken]", e.getMessage());
    }

    private static String session(String id, String key, String token) {
        return "{\"sessionId\":\"" + id + "\",\"sessionKey\":\"" + key + "\",\"sessionToken\":\"" + token + "\"}";
    }

    private static String signin(String sessionJson, String duration) {
        return "Action=getSigninToken" + (duration != null ? "&SessionDuration=" + duration : "") + "&Session="
                + encode(sessionJson);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(FederationEndpoint endpoint, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.uri() + "?" + query)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
