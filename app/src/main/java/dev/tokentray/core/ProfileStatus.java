package dev.tokentray.core;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code tokentray list} and of the tray's profile table.
 *
 * @param active          the profile AWS tools use when none is named (AWS_PROFILE, else "default")
 * @param keys            where the long-lived keys are ("vault", "credentials file (plaintext)", …,
 *                        "via PROFILE" for a role on another profile's keys), or null on error
 * @param plaintextCopy   the vault holds the keys and the credentials file still has a copy
 * @param sessionExpires  expiry of the cached session, or null when none is cached
 * @param error           why the profile cannot be resolved, or null
 * @param sessionOf       for a section write-credentials wrote: the profile whose session it copies
 *                        (the tray shows and watches that profile, not the copy); else null
 * @param wiringOf        for tokentray's wiring of another profile in ~/.aws/config (see
 *                        {@link dev.tokentray.config.Wiring}): the profile it wires; else null
 * @param wiredAs         the profiles that are tokentray's wiring of this one (empty when none)
 */
public record ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn, String mfaSerial,
                            String region, Instant sessionExpires, String error, String sessionOf, String wiringOf,
                            List<String> wiredAs) {
    public ProfileStatus {
        wiredAs = wiredAs == null ? List.of() : List.copyOf(wiredAs);
    }

    /** A profile of its own (not a written copy of another's session), not wired. */
    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, null);
    }

    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error, String sessionOf) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, sessionOf, null,
                List.of());
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
                sessionOf, wires, wiredAsNames);
    }
}
