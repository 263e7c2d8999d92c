package dev.tokentray.cache;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * STS sessions kept on a {@link KeyringBackend}, each stored as the JSON a credential_process
 * prints (without Version, plus ExpiresAt in epoch seconds), under a key such as
 * {@code profile:NAME}. How tokentray made it rides along in fields of its own, each optional, so
 * an entry written before they existed still reads (and older versions skip them):
 * DurationSeconds (asked of STS), RequestedSeconds (asked by a person, kept by renewals),
 * RenewedAt (epoch seconds) and Renewal (why).
 */
public final class SessionCache {
    /** botocore refreshes inside 15 minutes and fails inside 10: serve only sessions with more left. */
    public static final Duration MIN_REMAINING = Duration.ofMinutes(15);

    private final KeyringBackend backend;

    public SessionCache(KeyringBackend backend) {
        this.backend = backend;
    }

    public KeyringBackend backend() {
        return backend;
    }

    /** The cache key of the session that a profile's commands serve. */
    public static String profileKey(String profile) {
        return "profile:" + profile;
    }

    /** The session stored under {@code key}, or null; a damaged entry counts as absent. */
    public Session get(String key) {
        char[] stored = backend.load(key);
        if (stored == null) {
            return null;
        }
        try {
            Map<String, Object> json = SessionJson.read(java.nio.CharBuffer.wrap(stored));
            // ExpiresAt (epoch seconds) spares the shim java.time's parser; Expiration is kept
            // for people and tools reading the entry.
            Object expiresAt = json.get("ExpiresAt");
            Instant expiration = expiresAt instanceof Long l ? Instant.ofEpochSecond(l)
                    : Instant.parse((String) json.get("Expiration"));
            String id = (String) json.get("AccessKeyId");
            String secret = (String) json.get("SecretAccessKey");
            String token = (String) json.get("SessionToken");
            if (id == null || secret == null || token == null) {
                return null;
            }
            return new Session(id, secret, token, expiration, seconds(json.get("DurationSeconds")),
                    seconds(json.get("RequestedSeconds")), json.get("RenewedAt") instanceof Long at
                            ? Instant.ofEpochSecond(at) : null, (String) json.get("Renewal"));
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | DateTimeException e) {
            // DateTimeException: an unparsable Expiration, or an ExpiresAt beyond the Instant range.
            return null;
        } finally {
            Arrays.fill(stored, '\0');
        }
    }

    private static Duration seconds(Object value) {
        return value instanceof Long l && l > 0 ? Duration.ofSeconds(l) : null;
    }

    /**
     * The session under {@code key} if it is still worth serving at {@code now} (more than
     * {@link #MIN_REMAINING} left, or its share of that for a session shorter than an hour), else null.
     */
    public Session fresh(String key, Instant now) {
        Session s = get(key);
        return s != null && s.fresh(now) ? s : null;
    }

    public void put(String key, Session session) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("AccessKeyId", session.accessKeyId());
        json.put("SecretAccessKey", session.secretAccessKey());
        json.put("SessionToken", session.sessionToken());
        json.put("Expiration", UtcSeconds.format(session.expiration().getEpochSecond()));
        json.put("ExpiresAt", session.expiration().getEpochSecond());
        json.put("DurationSeconds", session.length() == null ? null : session.length().toSeconds());
        json.put("RequestedSeconds", session.requested() == null ? null : session.requested().toSeconds());
        json.put("RenewedAt", session.renewedAt() == null ? null : session.renewedAt().getEpochSecond());
        json.put("Renewal", session.renewal());
        char[] text = SessionJson.write(json).toCharArray();
        try {
            backend.store(key, text);
        } finally {
            Arrays.fill(text, '\0');
        }
    }

    public void remove(String key) {
        backend.delete(key);
    }
}
