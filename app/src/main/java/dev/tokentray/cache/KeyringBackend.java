package dev.tokentray.cache;

/**
 * A place to keep small secrets by key: the OS keyring, or a private directory of files. One
 * implementation per file; {@link KeyringBackends} picks one from TOKENTRAY_KEYRING.
 */
public interface KeyringBackend {
    /** The name TOKENTRAY_KEYRING uses for this backend, e.g. {@code secret-service} or {@code file}. */
    String id();

    /** What to call it in messages, e.g. "GNOME Keyring (Secret Service)". */
    String displayName();

    /** The secret stored under {@code key}, or null when there is none. The caller wipes it. */
    char[] load(String key) throws KeyringException;

    void store(String key, char[] secret) throws KeyringException;

    /** Removes {@code key}; removing an absent key is not an error. */
    void delete(String key) throws KeyringException;
}
