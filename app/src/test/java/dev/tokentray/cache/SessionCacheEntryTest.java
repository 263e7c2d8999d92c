package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache entry keeps how its session was made (the duration asked of STS, the one a person asked
 * for, when and why it was renewed) beside the credentials, and an entry written before these
 * were kept still reads, as the session it always was.
 */
class SessionCacheEntryTest {
    static final Instant EXPIRES = Instant.parse("2030-01-01T00:15:00Z");

    @TempDir
    Path tmp;

    @Test
    void anEntryWrittenBeforeTheseFieldsReadsAsTheSessionItWas() throws IOException {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        Files.writeString(files.fileFor("profile:dev"), "{\"AccessKeyId\":\"ASIA1234567890123456\",\"SecretAccessKey\":"
                + "\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:15:00Z\",\"ExpiresAt\":"
                + EXPIRES.getEpochSecond() + "}");
        Session read = new SessionCache(files).get("profile:dev");
        assertEquals(new Session("ASIA1234567890123456", "s", "t", EXPIRES), read);
        assertNull(read.length());
        assertNull(read.requested());
        assertEquals(Duration.ofMinutes(15), read.margin(Duration.ofMinutes(15)), "unknown length: the full margin");
    }

    @Test
    void howTheSessionWasMadeRoundTripsAsOptionalFieldsOtherReadersSkip() throws IOException {
        FileKeyringBackend files = new FileKeyringBackend(tmp);
        SessionCache cache = new SessionCache(files);
        Instant renewed = Instant.parse("2030-01-01T00:00:00Z");
        Session made = new Session("ASIA1234567890123456", "s", "t", EXPIRES)
                .made(Duration.ofMinutes(15), Duration.ofMinutes(15), renewed, "ahead of expiry");
        cache.put("profile:dev", made);
        assertEquals(made, cache.get("profile:dev"));
        Map<String, Object> json = JSON.std.mapFrom(Files.readString(files.fileFor("profile:dev")));
        assertEquals(900, json.get("DurationSeconds"));
        assertEquals(900, json.get("RequestedSeconds"));
        assertEquals((int) renewed.getEpochSecond(), ((Number) json.get("RenewedAt")).intValue());
        assertEquals("ahead of expiry", json.get("Renewal"));
        assertEquals(EXPIRES.getEpochSecond(), ((Number) json.get("ExpiresAt")).longValue(), "what older readers use");
    }

    /** A session shorter than an hour is served until the same share of its length as an hour-long one (15 of 60 min). */
    @Test
    void aShortSessionIsFreshUntilItsShareOfTheFifteenMinutes() {
        Session quarterHour = new Session("ASIA1234567890123456", "s", "t", EXPIRES).made(Duration.ofMinutes(15), null,
                null, null);
        assertEquals(Duration.ofSeconds(225), quarterHour.margin(SessionCache.MIN_REMAINING));
        assertTrue(quarterHour.fresh(EXPIRES.minusSeconds(226)));
        assertFalse(quarterHour.fresh(EXPIRES.minusSeconds(225)));
        Session hour = new Session("ASIA1234567890123456", "s", "t", EXPIRES).made(Duration.ofHours(1), null, null, null);
        assertTrue(hour.fresh(EXPIRES.minus(Duration.ofMinutes(15)).minusSeconds(1)));
        assertFalse(hour.fresh(EXPIRES.minus(Duration.ofMinutes(15))), "an hour or more: botocore's 15 minutes, as before");
    }
}
