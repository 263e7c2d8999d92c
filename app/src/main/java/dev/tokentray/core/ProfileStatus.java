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
 * @param active          the profile AWS tools use when none is named (AWS_PROFILE, else "default")
 * @param keys            where the long-lived keys are ("vault", "credentials file (plaintext)", …,
 *                        "via PROFILE" for a role on another profile's keys), or null when there are
 *                        none or on error
 * @param plaintextCopy   the vault holds the keys and the credentials file still has a copy
 * @param sessionExpires  expiry of the cached session, or null when none is cached
 * @param error           why the profile cannot be resolved (a broken config), or null
 * @param sessionOf       for a section write-credentials wrote: the profile whose session it copies
 *                        (the tray shows and watches that profile, not the copy); else null
 * @param needsKeysOf     for a profile without keys (a region-only [default], or a role whose
 *                        source_profile chain ends in one): the profile to add keys to; else null
 * @param needs           what an unlock asks while the vault is locked ({@link UnlockedState.Needs#given}
 *                        for an open one), or null when the profile cannot be unlocked
 * @param wiringOf        for tokentray's wiring of another profile in ~/.aws/config (see
 *                        {@link dev.tokentray.config.Wiring}): the profile it wires; else null
 * @param wiredAs         the profiles that are tokentray's wiring of this one (empty when none)
 * @param made            how the cached session was made (its length, the length asked for, its last
 *                        renewal); {@link SessionMade#UNKNOWN} when nothing is known
 * @param lineage         where its credentials come from (the source_profile chain, the account alias,
 *                        the MFA session it chains from); {@link Lineage#UNKNOWN} when not resolved
 */
public record ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn, String mfaSerial,
                            String region, Instant sessionExpires, String error, String sessionOf, String needsKeysOf,
                            UnlockedState.Needs needs, String wiringOf, List<String> wiredAs, SessionMade made,
                            Lineage lineage) {
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    public ProfileStatus {
        wiredAs = wiredAs == null ? List.of() : List.copyOf(wiredAs);
        made = made == null ? SessionMade.UNKNOWN : made;
        lineage = lineage == null ? Lineage.UNKNOWN : lineage;
    }

    /**
     * Where a profile's credentials come from, without a call to AWS.
     *
     * @param chain             profile names from this one down to the one holding the keys (empty
     *                          when unresolved)
     * @param keysKind          where that last profile's keys are ("vault", …), or null
     * @param accountAlias      the account's name as the config gives it ({@code tokentray_account_alias}
     *                          on a profile of the chain), or null
     * @param mfaSessionExpires expiry of the cached MFA session its MFA device has, or null when none
     */
    public record Lineage(List<String> chain, String keysKind, String accountAlias, Instant mfaSessionExpires) {
        public static final Lineage UNKNOWN = new Lineage(List.of(), null, null, null);

        public Lineage {
            chain = chain == null ? List.of() : List.copyOf(chain);
        }

        /** The profile holding the long-lived keys, or null when unresolved. */
        public String keyProfile() {
            return chain.isEmpty() ? null : chain.get(chain.size() - 1);
        }
    }

    /**
     * How a cached session was made, without its secrets.
     *
     * @param length    the duration it was asked of STS for, or null when unknown
     * @param requested the duration a person asked for (`--duration`), which renewals keep; null when
     *                  the session follows the profile's own
     * @param renewedAt when it replaced an earlier one, or null
     * @param renewal   why it did ("ahead of expiry", "on request", …), or null
     */
    public record SessionMade(Duration length, Duration requested, Instant renewedAt, String renewal) {
        public static final SessionMade UNKNOWN = new SessionMade(null, null, null, null);

        public static SessionMade of(dev.tokentray.cache.Session session) {
            return session == null ? UNKNOWN
                    : new SessionMade(session.length(), session.requested(), session.renewedAt(), session.renewal());
        }
    }

    /** A session this close to its end is shown as expiring (amber). */
    public static final Duration EXPIRING_WITHIN = Duration.ofMinutes(10);

    /** What a row is, for every face alike. */
    public enum State {
        /** A session with more than {@link #EXPIRING_WITHIN} left (its share of it, for one under an hour). */
        LIVE,
        /** A session with {@link #EXPIRING_WITHIN} or less left (its share of it, for one under an hour). */
        EXPIRING,
        /** No session (or an expired one): an unlock makes one. */
        LOCKED,
        /** No keys yet: not a failure, it waits for Add keys. */
        NEEDS_KEYS,
        /** The profile's config is broken: the person has to fix it. */
        ERROR
    }

    /** A profile of its own (not a written copy of another's session), not wired. */
    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, null, null, null);
    }

    /** A row as the overview first makes it, before {@link #withWiring} notes the wiring. */
    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error, String sessionOf,
                         String needsKeysOf, UnlockedState.Needs needs) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, sessionOf,
                needsKeysOf, needs, null, List.of(), SessionMade.UNKNOWN, Lineage.UNKNOWN);
    }

    /** The row's state at {@code now}. */
    public State state(Instant now) {
        if (error != null) {
            return State.ERROR;
        }
        if (needsKeysOf != null) {
            return State.NEEDS_KEYS;
        }
        if (sessionExpires == null || !sessionExpires.isAfter(now)) {
            return State.LOCKED;
        }
        // A session shorter than an hour turns amber at the same share of its own length.
        Duration amber = dev.tokentray.cache.Session.margin(EXPIRING_WITHIN, sessionLength());
        return Duration.between(now, sessionExpires).compareTo(amber) <= 0 ? State.EXPIRING : State.LIVE;
    }

    /** Whether a session is live (or expiring) at {@code now}. */
    public boolean live(Instant now) {
        State s = state(now);
        return s == State.LIVE || s == State.EXPIRING;
    }

    /** "none: tokentray add default": where the keys are for a profile that has none, in the list's words. */
    public String keysOrHowToAdd() {
        return needsKeysOf != null ? "none: tokentray add " + needsKeysOf : keys;
    }

    /**
     * Whether this is a profile of its own, which the tray and {@code list} show as a row: not a
     * copy of another's session, nor tokentray's wiring of another profile (shown as a note on it).
     */
    public boolean ownRow() {
        return sessionOf == null && wiringOf == null;
    }

    /** This status noting the profiles that wire it, and which profile it wires. */
    public ProfileStatus withWiring(String wires, List<String> wiredAsNames) {
        return new ProfileStatus(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error,
                sessionOf, needsKeysOf, needs, wires, wiredAsNames, made, lineage);
    }

    /** This status with what is known of how its session was made. */
    public ProfileStatus withSessionMade(SessionMade how) {
        return new ProfileStatus(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error,
                sessionOf, needsKeysOf, needs, wiringOf, wiredAs, how, lineage);
    }

    /** This status with where its credentials come from. */
    public ProfileStatus withLineage(Lineage from) {
        return new ProfileStatus(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error,
                sessionOf, needsKeysOf, needs, wiringOf, wiredAs, made, from);
    }

    /** The AWS account the profile works in: its role's, else its MFA device's; null when neither names one. */
    public String account() {
        String account = Arn.account(roleArn);
        return account != null ? account : Arn.account(mfaSerial);
    }

    /** The duration the cached session was asked of STS for, or null when unknown. */
    public Duration sessionLength() {
        return made.length();
    }

    /** The duration a person asked for, which renewals keep; null when the profile's own applies. */
    public Duration requestedDuration() {
        return made.requested();
    }

    /** When the cached session replaced an earlier one, or null. */
    public Instant renewedAt() {
        return made.renewedAt();
    }

    /** Why it did, or null. */
    public String renewal() {
        return made.renewal();
    }

    /**
     * When and why the session was last renewed and how long it is, for a window's details or
     * tooltip: "renewed 10:42 (ahead of expiry) · 15m session, as asked"; null when nothing is known.
     */
    public String renewalNote(ZoneId zone) {
        List<String> parts = new ArrayList<>();
        if (made.renewedAt() != null && made.renewal() != null) {
            parts.add("renewed " + HOUR_MINUTE.withZone(zone).format(made.renewedAt()) + " (" + made.renewal() + ")");
        }
        if (made.requested() != null) {
            parts.add(Countdown.length(made.requested()) + " session, as asked");
        } else if (made.length() != null) {
            parts.add(Countdown.length(made.length()) + " session");
        }
        return parts.isEmpty() ? null : String.join(" · ", parts);
    }

}
