package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shim's narrow JSON codec and UTC formatter agree with jackson-jr and java.time. */
class SessionJsonTest {
    @Test
    void writesWhatJacksonReadsAndReadsWhatJacksonWrites() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Version", (long) random.nextInt(3));
            fields.put("AccessKeyId", randomString(random));
            fields.put("SecretAccessKey", randomString(random));
            fields.put("ExpiresAt", random.nextLong() >> 20);
            Map<String, Object> viaJackson = JSON.std.mapFrom(SessionJson.write(fields));
            assertEquals(normalise(fields), normalise(viaJackson));
            assertEquals(fields, SessionJson.read(JSON.std.asString(fields)));
        }
    }

    @Test
    void refusesWhatItDoesNotHandle() {
        for (String bad : new String[] {"", "[]", "{\"a\":{}}", "{\"a\":1.5}", "{\"a\":\"x\"", "{\"a\":\"x\"} x",
                "{\"a\":true}", "{\"a\":\"\\q\"}"}) {
            assertThrows(IllegalArgumentException.class, () -> SessionJson.read(bad), bad);
        }
        assertEquals(Map.of(), SessionJson.read(" { } "));
    }

    @Test
    void formatsUtcSecondsLikeJavaTime() {
        Random random = new Random(11);
        long[] fixed = {0, -1, 951_782_400L /* 2000-02-29 */, 4_102_444_799L, 253_402_300_799L, -62_135_596_800L};
        for (long t : fixed) {
            assertEquals(Instant.ofEpochSecond(t).toString(), UtcSeconds.format(t), "t=" + t);
        }
        for (int i = 0; i < 20_000; i++) {
            long t = Math.floorMod(random.nextLong(), 253_402_300_800L);
            assertEquals(Instant.ofEpochSecond(t).truncatedTo(ChronoUnit.SECONDS).toString(), UtcSeconds.format(t));
        }
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : random.nextInt(0x3000)));
        }
        return s.toString();
    }

    private static Map<String, String> normalise(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
