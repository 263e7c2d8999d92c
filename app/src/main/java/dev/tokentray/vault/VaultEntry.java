package dev.tokentray.vault;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One profile's long-lived key pair. The secret is a char[] so it can be wiped; fields this
 * version does not know are carried along unchanged, so an older tokentray does not drop what a
 * newer one stored.
 */
public final class VaultEntry {
    private final String profile;
    private final String accessKeyId;
    private final char[] secretAccessKey;
    private final Instant addedAt;
    private final Map<String, byte[]> otherFields;

    public VaultEntry(String profile, String accessKeyId, char[] secretAccessKey, Instant addedAt) {
        this(profile, accessKeyId, secretAccessKey, addedAt, Map.of());
    }

    VaultEntry(String profile, String accessKeyId, char[] secretAccessKey, Instant addedAt,
               Map<String, byte[]> otherFields) {
        this.profile = profile;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey.clone();
        this.addedAt = addedAt;
        Map<String, byte[]> own = new LinkedHashMap<>();
        otherFields.forEach((name, value) -> own.put(name, value.clone()));
        this.otherFields = Collections.unmodifiableMap(own);
    }

    public String profile() {
        return profile;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** A copy of the secret; the caller wipes it when done. */
    public char[] secretAccessKey() {
        return secretAccessKey.clone();
    }

    public Instant addedAt() {
        return addedAt;
    }

    Map<String, byte[]> otherFields() {
        return otherFields;
    }

    char[] secretRef() {
        return secretAccessKey;
    }

    void wipe() {
        Arrays.fill(secretAccessKey, '\0');
        otherFields.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }

    @Override
    public String toString() {
        return "VaultEntry[" + profile + ", " + accessKeyId + "]";
    }
}
