package dev.tokentray.core;

import java.time.Duration;
import java.time.Instant;
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
 */
public record ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn, String mfaSerial,
                            String region, Instant sessionExpires, String error, String sessionOf, String needsKeysOf,
                            UnlockedState.Needs needs, String wiringOf, List<String> wiredAs) {
    public ProfileStatus {
        wiredAs = wiredAs == null ? List.of() : List.copyOf(wiredAs);
    }

    /** A session this close to its end is shown as expiring (amber). */
    public static final Duration EXPIRING_WITHIN = Duration.ofMinutes(10);

    /** What a row is, for every face alike. */
    public enum State {
        /** A session with more than {@link #EXPIRING_WITHIN} left. */
        LIVE,
        /** A session with {@link #EXPIRING_WITHIN} or less left. */
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
                needsKeysOf, needs, null, List.of());
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
        return Duration.between(now, sessionExpires).compareTo(EXPIRING_WITHIN) <= 0 ? State.EXPIRING : State.LIVE;
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
                sessionOf, needsKeysOf, needs, wires, wiredAsNames);
    }
}
