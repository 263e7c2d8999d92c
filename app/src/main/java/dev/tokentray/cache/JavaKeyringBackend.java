package dev.tokentray.cache;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;

/**
 * The OS keyring through java-keyring: Secret Service (GNOME Keyring, KeePassXC…) on Linux,
 * Keychain on macOS, Credential Manager on Windows. Items are stored with service "tokentray"
 * and the cache key as account, so {@code secret-tool search service tokentray} lists them.
 */
public final class JavaKeyringBackend implements KeyringBackend {
    public static final String SERVICE = "tokentray";
    // java-keyring reports a missing item with this message rather than a type of its own.
    private static final String NOT_FOUND_PREFIX = "No stored credentials";

    private final Keyring keyring;
    private final String id;

    private JavaKeyringBackend(Keyring keyring, String id) {
        this.keyring = keyring;
        this.id = id;
    }

    /** Connects to the keyring of {@code type}. */
    static JavaKeyringBackend open(KeyringStorageType type, String id) {
        try {
            return new JavaKeyringBackend(Keyring.create(type), id);
        } catch (BackendNotSupportedException | RuntimeException e) {
            throw new KeyringException(describe(type) + " is not available here; set TOKENTRAY_KEYRING=file to cache"
                    + " sessions in files instead", e);
        }
    }

    static String describe(KeyringStorageType type) {
        return switch (type) {
            case GNOME_KEYRING -> "the Secret Service keyring (GNOME Keyring) on D-Bus";
            case OSX_KEYCHAIN, LEGACY_OSX_KEYCHAIN -> "the macOS Keychain";
            case WINDOWS_CREDENTIAL_STORE -> "the Windows Credential Manager";
            case KWALLET -> "KWallet";
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return describe(keyring.getKeyringStorageType());
    }

    @Override
    public char[] load(String key) {
        try {
            String value = keyring.getPassword(SERVICE, key);
            return value == null ? null : value.toCharArray();
        } catch (PasswordAccessException e) {
            if (isNotFound(e)) {
                return null;
            }
            throw failure("read from", e);
        } catch (RuntimeException e) {
            throw failure("read from", e);
        }
    }

    @Override
    public void store(String key, char[] secret) {
        try {
            keyring.setPassword(SERVICE, key, new String(secret));
        } catch (PasswordAccessException | RuntimeException e) {
            throw failure("write to", e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            keyring.deletePassword(SERVICE, key);
        } catch (PasswordAccessException e) {
            if (!isNotFound(e)) {
                throw failure("delete from", e);
            }
        } catch (RuntimeException e) {
            throw failure("delete from", e);
        }
    }

    private static boolean isNotFound(PasswordAccessException e) {
        return e.getMessage() != null && e.getMessage().startsWith(NOT_FOUND_PREFIX);
    }

    private KeyringException failure(String action, Exception e) {
        return new KeyringException("cannot " + action + " " + displayName() + " (" + e.getClass().getSimpleName()
                + "); unlock the keyring, or set TOKENTRAY_KEYRING=file", e);
    }
}
