package dev.tokentray.outputs;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS console sign-in URL for a session, through the federation endpoint: the session is
 * traded for a sign-in token (getSigninToken), which goes into a login link valid for 15 minutes.
 * The endpoint takes role sessions and GetFederationToken sessions, not GetSessionToken ones.
 *
 * <p>The session travels in the request's query, as the endpoint's protocol has it, so no error
 * here quotes a URL or an exception's message: either could carry the session or the token.
 */
public final class ConsoleSignIn {
    /** The longest console session the endpoint grants for a role session. */
    private static final Duration MAX_CONSOLE = Duration.ofHours(12);
    private static final Duration MIN_CONSOLE = Duration.ofMinutes(15);
    private static final int MAX_REPLY = 64 * 1024;

    private final URI federation;
    private final String consoleHost;
    private final Clock clock;

    /**
     * @param region the profile's region: it picks the partition's endpoints and the console's region
     * @param override the federation endpoint to use instead of the partition's (a proxy, a test
     *     double), or null
     */
    public ConsoleSignIn(String region, String override, Clock clock) {
        this.clock = clock;
        String signinHost;
        if (region.startsWith("cn-")) {
            signinHost = "signin.amazonaws.cn";
            consoleHost = "console.amazonaws.cn";
        } else if (region.startsWith("us-gov-")) {
            signinHost = "signin.amazonaws-us-gov.com";
            consoleHost = "console.amazonaws-us-gov.com";
        } else {
            signinHost = "signin.aws.amazon.com";
            consoleHost = "console.aws.amazon.com";
        }
        try {
            this.federation = URI.create(override != null && !override.isBlank() ? override.strip()
                    : "https://" + signinHost + "/federation");
        } catch (IllegalArgumentException e) {
            throw new TokentrayException("TOKENTRAY_FEDERATION_ENDPOINT '" + override + "' is not a URL; fix or unset it");
        }
    }

    /** The endpoint's host, to name it when it cannot be reached. */
    public String host() {
        return federation.getHost();
    }

    /**
     * The login link for {@code session} that opens the console in {@code region}.
     *
     * @param roleSession whether the session came from AssumeRole: only then may the console
     *     session's length be asked for (it follows the session's own time left, 15 min to 12 h)
     */
    public String loginUrl(Session session, boolean roleSession, String region) {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put("sessionId", session.accessKeyId());
        credentials.put("sessionKey", session.secretAccessKey());
        credentials.put("sessionToken", session.sessionToken());
        StringBuilder request = new StringBuilder(federation.toString()).append("?Action=getSigninToken");
        if (roleSession) {
            Duration left = Duration.between(clock.instant(), session.expiration());
            Duration console = left.compareTo(MIN_CONSOLE) < 0 ? MIN_CONSOLE
                    : left.compareTo(MAX_CONSOLE) > 0 ? MAX_CONSOLE : left;
            request.append("&SessionDuration=").append(console.toSeconds());
        }
        request.append("&Session=").append(encode(SessionJson.write(credentials)));
        String token = signinToken(URI.create(request.toString()));
        String destination = "https://" + consoleHost + "/console/home?region=" + region;
        return federation + "?Action=login&Issuer=tokentray&Destination=" + encode(destination)
                + "&SigninToken=" + encode(token);
    }

    private String signinToken(URI request) {
        int status;
        byte[] body = null;
        try {
            HttpURLConnection http = (HttpURLConnection) request.toURL().openConnection();
            http.setConnectTimeout(10_000);
            http.setReadTimeout(30_000);
            http.setInstanceFollowRedirects(false);
            status = http.getResponseCode();
            if (status == 200) {
                try (InputStream in = http.getInputStream()) {
                    body = in.readNBytes(MAX_REPLY);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new TokentrayException("cannot reach " + host() + " to sign in to the console ("
                    + e.getClass().getSimpleName() + "); check the network and retry");
        }
        if (status != 200) {
            throw new TokentrayException(host() + " refused the session (HTTP " + status + "); the console takes"
                    + " role sessions and, for a user, federation sessions: check the profile's role and retry");
        }
        Object token;
        try {
            token = SessionJson.read(new String(body, StandardCharsets.UTF_8)).get("SigninToken");
        } catch (RuntimeException notJson) {
            token = null;
        }
        if (!(token instanceof String t) || t.isBlank()) {
            throw new TokentrayException(host() + " answered without a SigninToken; retry later");
        }
        return t;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
