package dev.tokentray.cache;

import java.time.Duration;
import java.time.Instant;

/** Temporary STS credentials and when they stop working. */
public record Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    public Duration remaining(Instant now) {
        return Duration.between(now, expiration);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiration);
    }

    @Override
    public String toString() {
        // Never let a secret reach a log line or an exception message through toString.
        return "Session[" + accessKeyId + ", expires " + expiration + "]";
    }
}
