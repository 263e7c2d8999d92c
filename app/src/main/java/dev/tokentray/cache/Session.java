package dev.tokentray.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * Temporary STS credentials and when they stop working, with what tokentray knows of how they
 * were made (null for a session from elsewhere, or from a cache entry written before these were
 * kept).
 *
 * @param length    the duration asked of STS for this session
 * @param requested the duration a person asked for ({@code --duration}), which renewals keep;
 *                  null when the session follows the profile's own duration
 * @param renewedAt when it replaced an earlier session of the same profile; null for a first one
 * @param renewal   why it did ("ahead of expiry", …); null with {@code renewedAt}
 */
public record Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                      Duration length, Duration requested, Instant renewedAt, String renewal) {
    /** Sessions up to this long get the full margins; a shorter one gets the same share of its own length. */
    static final Duration FULL_MARGIN_FROM = Duration.ofHours(1);

    /** Credentials alone, as STS or another tool hands them out. */
    public Session(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        this(accessKeyId, secretAccessKey, sessionToken, expiration, null, null, null, null);
    }

    /** This session as tokentray made it: asked of STS for {@code length}, after a person asked for {@code requested}. */
    public Session made(Duration length, Duration requested, Instant renewedAt, String renewal) {
        return new Session(accessKeyId, secretAccessKey, sessionToken, expiration, length, requested, renewedAt, renewal);
    }

    public Duration remaining(Instant now) {
        return Duration.between(now, expiration);
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiration);
    }

    /**
     * How long before its end to act on this session, given the margin an hour-long session gets:
     * that margin for a session of an hour or more (or of unknown length), else the same share of
     * the session's own length. A 15-minute session is wholly inside botocore's 15-minute window;
     * measured against it whole, it would be stale the moment it was made and renewed at once.
     */
    public Duration margin(Duration forAnHour) {
        return margin(forAnHour, length);
    }

    /** {@link #margin(Duration)} for a session of {@code length} (null: unknown). */
    public static Duration margin(Duration forAnHour, Duration length) {
        if (length == null || length.compareTo(FULL_MARGIN_FROM) >= 0 || length.isNegative()) {
            return forAnHour;
        }
        return forAnHour.multipliedBy(length.toMillis()).dividedBy(FULL_MARGIN_FROM.toMillis());
    }

    /** Whether it is still worth serving at {@code now}: more than its share of {@link SessionCache#MIN_REMAINING} left. */
    public boolean fresh(Instant now) {
        return remaining(now).compareTo(margin(SessionCache.MIN_REMAINING)) > 0;
    }

    @Override
    public String toString() {
        // Never let a secret reach a log line or an exception message through toString.
        return "Session[" + accessKeyId + ", expires " + expiration + "]";
    }
}
