package dev.tokentray.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code tokentray list} and of the tray's profile table.
 *
 * @param active            the profile AWS tools use when none is named (AWS_PROFILE, else "default")
 * @param keys              where the long-lived keys are ("vault", "credentials file (plaintext)", …,
 *                          "via PROFILE" for a role on another profile's keys), or null on error
 * @param plaintextCopy     the vault holds the keys and the credentials file still has a copy
 * @param sessionExpires    expiry of the cached session, or null when none is cached
 * @param error             why the profile cannot be resolved, or null
 * @param sessionOf         for a section write-credentials wrote: the profile whose session it copies
 *                          (the tray shows and watches that profile, not the copy); else null
 * @param sessionLength     the duration the cached session was asked of STS for, or null when unknown
 * @param requestedDuration the duration a person asked for (`--duration`), which renewals keep; null
 *                          when the session follows the profile's own
 * @param renewedAt         when the cached session replaced an earlier one, or null
 * @param renewal           why it did ("ahead of expiry", "on request", …), or null
 */
public record ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn, String mfaSerial,
                            String region, Instant sessionExpires, String error, String sessionOf,
                            Duration sessionLength, Duration requestedDuration, Instant renewedAt, String renewal) {
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    /** A profile of its own (not a written copy of another's session). */
    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, null);
    }

    /** A row without what is known of how its session was made. */
    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error, String sessionOf) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, sessionOf,
                null, null, null, null);
    }

    /**
     * When and why the session was last renewed and how long it is, for a window's details or
     * tooltip: "renewed 10:42 (ahead of expiry) · 15m session, as asked"; null when nothing is known.
     */
    public String renewalNote(ZoneId zone) {
        List<String> parts = new ArrayList<>();
        if (renewedAt != null && renewal != null) {
            parts.add("renewed " + HOUR_MINUTE.withZone(zone).format(renewedAt) + " (" + renewal + ")");
        }
        if (requestedDuration != null) {
            parts.add(Countdown.length(requestedDuration) + " session, as asked");
        } else if (sessionLength != null) {
            parts.add(Countdown.length(sessionLength) + " session");
        }
        return parts.isEmpty() ? null : String.join(" · ", parts);
    }
}
