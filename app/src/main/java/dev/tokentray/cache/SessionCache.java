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
 * {@code profile:NAME}.
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
            return id == null || secret == null || token == null ? null : new Session(id, secret, token, expiration);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | DateTimeException e) {
            // DateTimeException: an unparsable Expiration, or an ExpiresAt beyond the Instant range.
            return null;
        } finally {
            Arrays.fill(stored, '\0');
        }
    }

    /** The session under {@code key} if it has more than {@link #MIN_REMAINING} left at {@code now}, else null. */
    public Session fresh(String key, Instant now) {
        Session s = get(key);
        return s != null && s.remaining(now).compareTo(MIN_REMAINING) > 0 ? s : null;
    }

    public void put(String key, Session session) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("AccessKeyId", session.accessKeyId());
        json.put("SecretAccessKey", session.secretAccessKey());
        json.put("SessionToken", session.sessionToken());
        json.put("Expiration", UtcSeconds.format(session.expiration().getEpochSecond()));
        json.put("ExpiresAt", session.expiration().getEpochSecond());
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
