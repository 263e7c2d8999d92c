package dev.tokentray.core;

import java.time.Instant;

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
 */
public record ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn, String mfaSerial,
                            String region, Instant sessionExpires, String error, String sessionOf) {
    /** A profile of its own (not a written copy of another's session). */
    public ProfileStatus(String profile, boolean active, String keys, boolean plaintextCopy, String roleArn,
                         String mfaSerial, String region, Instant sessionExpires, String error) {
        this(profile, active, keys, plaintextCopy, roleArn, mfaSerial, region, sessionExpires, error, null);
    }
}
