package dev.tokentray.cache;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import com.github.javakeyring.internal.KeyringBackendFactory;

/**
 * The OS keyring through java-keyring: Secret Service (GNOME Keyring, KeePassXC…) on Linux,
 * Keychain on macOS, Credential Manager on Windows. Items are stored with service "tokentray"
 * and the cache key as account, so {@code secret-tool search service tokentray} lists them.
 *
 * <p>The Credential Manager compares its target names (java-keyring's SERVICE|ACCOUNT) without
 * case and takes them in the ANSI code page, so there a key with an upper-case letter, a '%' or a
 * char beyond printable ASCII is stored under {@link #ESCAPED_SERVICE} with the key escaped to
 * ASCII without upper-case letters ({@link FileKeyringBackend#name}) as account: profiles Dev and
 * dev keep two items. The other service keeps such names apart from the raw keys earlier versions
 * named items by (a profile may be named "%44ev", as Dev's escaped account reads); other keys
 * keep the item they had.
 */
public final class JavaKeyringBackend implements KeyringBackend {
    public static final String SERVICE = "tokentray";
    static final String ESCAPED_SERVICE = "tokentray-escaped";
    /*
     * java-keyring reports a missing item with a PasswordAccessException whose message each OS's
     * store words its own way (the templates in java-keyring 1.0.4's bytecode):
     * - Secret Service, and the macOS Keychain when a lookup finds nothing (errSecItemNotFound,
     *   -25300): "No stored credentials match SERVICE account: ACCOUNT";
     * - macOS delete, which looks the item up first: "No password to delete. " + that;
     * - macOS, an item gone between that lookup and the delete: "Failed to set credential. " +
     *   SecCopyErrorMessageString(-25300), "The specified item could not be found in the keychain.";
     * - Windows: "Error code " + GetLastError(), and ERROR_NOT_FOUND is 1168.
     */
    /** CRED_MAX_CREDENTIAL_BLOB_SIZE (5 * 512 bytes) in the UTF-16LE chars java-keyring writes. */
    static final int CREDENTIAL_MANAGER_ITEM_CHARS = 5 * 512 / 2;
    private static final String NO_MATCH = "No stored credentials match ";
    private static final String NOTHING_TO_DELETE = "No password to delete. " + NO_MATCH;
    private static final String KEYCHAIN_NOT_FOUND = "The specified item could not be found in the keychain.";
    private static final String WINDOWS_NOT_FOUND = "Error code 1168";

    /**
     * java-keyring's own per-OS store, which its {@code Keyring} class merely forwards to: holding
     * it directly lets tests put a store shaped like another OS's in its place.
     */
    private final com.github.javakeyring.internal.KeyringBackend store;
    private final KeyringStorageType type;
    private final String id;

    JavaKeyringBackend(com.github.javakeyring.internal.KeyringBackend store, KeyringStorageType type, String id) {
        this.store = store;
        this.type = type;
        this.id = id;
    }

    /** Connects to the keyring of {@code type}. */
    static JavaKeyringBackend open(KeyringStorageType type, String id) {
        try {
            return over(KeyringBackendFactory.create(type), type, id);
        } catch (BackendNotSupportedException | RuntimeException e) {
            throw new KeyringException(describe(type) + " is not available here; set TOKENTRAY_KEYRING=file to cache"
                    + " sessions in files instead", e);
        }
    }

    /**
     * tokentray's backend over java-keyring's store for {@code type}. Only the Windows Credential
     * Manager limits an item's size (2,560 bytes of UTF-16LE); on the other keyrings every value
     * stays one item, so what earlier versions wrote there is read as before, and the other way round.
     */
    static JavaKeyringBackend over(com.github.javakeyring.internal.KeyringBackend store, KeyringStorageType type,
            String id) {
        return new JavaKeyringBackend(type == KeyringStorageType.WINDOWS_CREDENTIAL_STORE
                ? new SplitItemStore(store, CREDENTIAL_MANAGER_ITEM_CHARS) : store, type, id);
    }

    static String describe(KeyringStorageType type) {
        return switch (type) {
            case GNOME_KEYRING -> SecretServiceReader.DISPLAY_NAME;
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
        return describe(type);
    }

    @Override
    public char[] load(String key) {
        try {
            String account = account(key);
            String value = store.getPassword(service(key, account), account);
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
            String account = account(key);
            store.setPassword(service(key, account), account, new String(secret));
        } catch (PasswordAccessException | RuntimeException e) {
            throw failure("write to", e);
        }
    }

    @Override
    public void delete(String key) {
        String account = account(key);
        deleteItem(service(key, account), account);
        // Earlier versions named the item by the key itself: on the Credential Manager that item
        // is also the lower-case twin's (Dev's is dev's), so it is never read for this key again,
        // but it may hold this key's secret, so clearing the key removes it (and the twin's).
        if (!account.equals(key)) {
            deleteItem(SERVICE, key);
        }
    }

    private void deleteItem(String service, String account) {
        try {
            store.deletePassword(service, account);
        } catch (PasswordAccessException e) {
            if (!isNotFound(e)) {
                throw failure("delete from", e);
            }
        } catch (RuntimeException e) {
            throw failure("delete from", e);
        }
    }

    /** The account {@code key} is stored under: itself where the keyring matches accounts exactly. */
    private String account(String key) {
        return type == KeyringStorageType.WINDOWS_CREDENTIAL_STORE ? FileKeyringBackend.name(key,
                FileKeyringBackend.ITEM_NAME) : key;
    }

    /** The service of {@code key}'s item, whose account is {@code account}: another one when it is escaped. */
    private static String service(String key, String account) {
        return account.equals(key) ? SERVICE : ESCAPED_SERVICE;
    }

    static boolean isNotFound(PasswordAccessException e) {
        String message = e.getMessage();
        return message != null && (message.startsWith(NO_MATCH) || message.startsWith(NOTHING_TO_DELETE)
                || message.endsWith(KEYCHAIN_NOT_FOUND) || message.equals(WINDOWS_NOT_FOUND));
    }

    private KeyringException failure(String action, Exception e) {
        return new KeyringException("cannot " + action + " " + displayName() + " (" + e.getClass().getSimpleName()
                + "); unlock the keyring, or set TOKENTRAY_KEYRING=file", e);
    }
}
