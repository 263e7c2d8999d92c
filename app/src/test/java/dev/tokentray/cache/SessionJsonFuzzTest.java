package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.outputs.SessionFormats;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shim's narrow JSON codec against anything a cache file, a keyring entry or an agent line
 * can hold. It may refuse input only with {@link IllegalArgumentException}; what it accepts,
 * jackson-jr (a full JSON parser) must read as the same object; what it writes, it and jackson-jr
 * read back unchanged; and the session cache built on it never throws over a damaged entry.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionJsonFuzzTest {
    private static final String[] KEYS = {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
        "ExpiresAt"};

    @FuzzTest
    void read(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        Map<String, Object> parsed;
        try {
            parsed = SessionJson.read(text);
        } catch (IllegalArgumentException refused) {
            parsed = null;
        }
        if (parsed != null) {
            for (Object value : parsed.values()) {
                assertTrue(value instanceof String || value instanceof Long, "a value of type " + value.getClass());
            }
            Object viaJackson;
            try {
                viaJackson = JSON.std.anyFrom(text);
            } catch (IOException e) {
                throw new AssertionError("SessionJson accepted what jackson-jr refuses (" + e.getMessage() + ")", e);
            }
            assertEquals(parsed, normalised(viaJackson), "SessionJson and jackson-jr read different objects");
            assertEquals(parsed, SessionJson.read(SessionJson.write(parsed)), "write then read changed the object");
        }
        // Whatever the text is, as a value it goes out and comes back unchanged.
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(text, text);
        fields.put("ExpiresAt", (long) text.hashCode() << 20);
        String written = SessionJson.write(fields);
        assertEquals(fields, SessionJson.read(written), "write then read changed a string");
        assertEquals(fields, normalised(JSON.std.anyFrom(written)), "jackson-jr reads what SessionJson wrote otherwise");
    }

    /** A cache entry as the file backend hands it over: the file's bytes decoded as UTF-8. */
    @FuzzTest
    void cacheEntry(byte[] input) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(input));
        char[] stored = new char[chars.remaining()];
        chars.get(stored);
        SessionCache cache = new SessionCache(new OneEntry(stored));
        Session session = cache.get(SessionCache.profileKey("fuzz"));
        if (session != null) {
            assertTrue(session.accessKeyId() != null && session.secretAccessKey() != null
                    && session.sessionToken() != null && session.expiration() != null, "a session with a hole");
        }
        cache.fresh(SessionCache.profileKey("fuzz"), Instant.EPOCH);
    }

    /** jackson-jr's object as SessionJson would hold it: whole numbers as Long, anything else as is. */
    private static Object normalised(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, normalised(v)));
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        return value;
    }

    /** A keyring holding one entry under every key. */
    private record OneEntry(char[] stored) implements KeyringBackend {
        @Override
        public String id() {
            return "fuzz";
        }

        @Override
        public String displayName() {
            return "fuzz input";
        }

        @Override
        public char[] load(String key) {
            return stored.clone();
        }

        @Override
        public void store(String key, char[] secret) {
        }

        @Override
        public void delete(String key) {
        }
    }

    /** Writes the seeds this class makes from tokentray's own writers (bench/fuzz --seeds). */
    public static void main(String[] args) throws IOException {
        String token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD" + "x".repeat(600) + "==";
        Session session = new Session("ASIAQNZGKIQY2EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token,
                Instant.ofEpochSecond(1_893_456_000L));
        Map<String, char[]> stored = new LinkedHashMap<>();
        new SessionCache(new KeyringBackend() {
            public String id() {
                return "capture";
            }

            public String displayName() {
                return "capture";
            }

            public char[] load(String key) {
                return null;
            }

            public void store(String key, char[] secret) {
                stored.put(key, secret.clone());
            }

            public void delete(String key) {
            }
        }).put(SessionCache.profileKey("admin"), session);
        String cacheEntry = new String(stored.get(SessionCache.profileKey("admin")));
        String credentialProcess = SessionFormats.credentialProcessJson(session);
        String ecs = SessionFormats.ecsJson(session);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Op", "session");
        request.put("Profile", "admin");
        request.put("Reply", "0123456789abcdef0123456789abcdef");
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Status", "error");
        error.put("Message", "profile 'x' has no keys: run `tokentray add x`\n\t\"quoted\" \\ \u00e9\u2603\ud83d\ude00");
        for (String method : new String[] {"read", "cacheEntry"}) {
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "cache-entry.json", cacheEntry);
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "credential-process.json", credentialProcess);
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "ecs-endpoint.json", ecs);
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "agent-request.json", SessionJson.write(request));
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "agent-error.json", SessionJson.write(error));
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "pretty-with-escapes.json",
                    "{\n  \"AccessKeyId\" : \"ASIA\\u0041\\/x\",\n  \"SecretAccessKey\": \"s\\\"\\\\\\b\\f\\n\\r\\t\",\n"
                            + "  \"SessionToken\": \"t\",\n  \"Expiration\": \"2030-01-01T00:00:00Z\",\n"
                            + "  \"ExpiresAt\": -9223372036854775808\n}\n");
            FuzzSeeds.write(SessionJsonFuzzTest.class, method, "old-entry-without-expires-at.json",
                    "{\"AccessKeyId\":\"ASIA1\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\","
                            + "\"Expiration\":\"2030-01-01T00:00:00Z\"}");
        }
    }
}
