package dev.tokentray.core;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, tick by tick, which sessions to renew quietly and which deserve a notice: renew a
 * little before the 15-minute mark (after it the shim no longer serves a session), warn at the
 * lead time (both scaled down for a session shorter than an hour, see {@link Session#margin}),
 * and say "expired" only for a session that was seen alive (so starting the tray over last
 * week's cache is silent). Each event fires once per session, keyed by its
 * expiry, so a renewed session starts afresh.
 */
public final class ExpiryWatch {
    /** Renew this long before expiry: the 15 minutes the shim needs, plus two ticks of slack. */
    public static final Duration RENEW_BEFORE = SessionCache.MIN_REMAINING.plusMinutes(2);

    public enum Kind { RENEW, EXPIRING, EXPIRED }

    public record Event(Kind kind, String profile, Instant expires) {
    }

    private final Map<String, Instant> seenAlive = new HashMap<>();
    private final Set<String> fired = new HashSet<>();

    /** The events due at {@code now} for {@code rows}, each returned once. */
    public synchronized List<Event> check(List<ProfileStatus> rows, Instant now, Settings settings) {
        List<Event> due = new ArrayList<>();
        for (ProfileStatus row : rows) {
            Instant expires = row.sessionExpires();
            if (expires == null) {
                continue;
            }
            Duration left = Duration.between(now, expires);
            if (left.isNegative() || left.isZero()) {
                if (expires.equals(seenAlive.get(row.profile()))) {
                    fire(due, Kind.EXPIRED, row.profile(), expires);
                }
                continue;
            }
            seenAlive.put(row.profile(), expires);
            // A session shorter than an hour is renewed and warned about at the same share of its
            // own length: a 15-minute one 4m15s before its end, not the moment it is made.
            if (settings.autoRefresh() && left.compareTo(Session.margin(RENEW_BEFORE, row.sessionLength())) <= 0) {
                fire(due, Kind.RENEW, row.profile(), expires);
            }
            if (left.compareTo(Session.margin(settings.notifyLead(), row.sessionLength())) <= 0) {
                fire(due, Kind.EXPIRING, row.profile(), expires);
            }
        }
        return due;
    }

    private void fire(List<Event> due, Kind kind, String profile, Instant expires) {
        if (fired.add(kind + "\n" + profile + "\n" + expires.getEpochSecond())) {
            due.add(new Event(kind, profile, expires));
        }
    }
}
