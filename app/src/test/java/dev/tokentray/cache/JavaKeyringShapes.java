package dev.tokentray.cache;

import com.github.javakeyring.PasswordAccessException;
import com.github.javakeyring.internal.KeyringBackend;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * In-memory stand-ins for java-keyring 1.0.4's per-OS stores, each failing exactly as that OS's
 * store does (the messages are the string templates in its bytecode, checked by
 * {@link JavaKeyringBackendTest}). No macOS or Windows machine runs the tests; these let the
 * same code paths meet each OS's answers.
 */
final class JavaKeyringShapes {
    /** CRED_MAX_CREDENTIAL_BLOB_SIZE: 5 * 512 bytes per Credential Manager item. */
    static final int WINDOWS_BLOB_BYTES = 5 * 512;

    private JavaKeyringShapes() {
    }

    /** FreedesktopKeyringBackend (Secret Service over dbus-java): get and delete of a missing item. */
    static Store secretService() {
        return new Store(JavaKeyringShapes::noMatch);
    }

    /**
     * ModernOsxKeychainBackend (jkeychain): its native find returns null on errSecItemNotFound
     * (-25300), which becomes "No stored credentials match…"; delete looks the item up first and
     * prefixes that message.
     */
    static Store macosKeychain() {
        return new Store(JavaKeyringShapes::noMatch,
                (service, account) -> "No password to delete. " + noMatch(service, account));
    }

    /** How java-keyring's Secret Service and macOS Keychain backends say no item matched. */
    private static String noMatch(String service, String account) {
        return "No stored credentials match " + service + " account: " + account;
    }

    /**
     * WinCredentialStoreBackend: CredReadA/CredDeleteA fail with GetLastError() = 1168
     * (ERROR_NOT_FOUND); CredWriteA refuses a blob over 2,560 bytes (java-keyring writes the
     * password as UTF-16LE) with 1783 (RPC_X_BAD_STUB_DATA, as Python's keyring reports it).
     * Items are kept as the UTF-16LE bytes Windows would hold.
     */
    static Store windowsCredentialManager() {
        return new Store((service, account) -> "Error code 1168") {
            @Override
            public void setPassword(String service, String account, String password) throws PasswordAccessException {
                if (password.getBytes(StandardCharsets.UTF_16LE).length > WINDOWS_BLOB_BYTES) {
                    throw new PasswordAccessException("Error code 1783");
                }
                super.setPassword(service, account, password);
            }
        };
    }

    /** A store of items by service and account, as UTF-16LE bytes; each OS words a missing item its own way. */
    static class Store implements KeyringBackend {
        /** Target name (service|account, as the Windows backend names it) to the stored bytes. */
        final Map<String, byte[]> items = new TreeMap<>();
        /** The message of a get, and of a delete, of a missing item, from its service and account. */
        private final BinaryOperator<String> missingOnGet;
        private final BinaryOperator<String> missingOnDelete;

        /** A store that words a missing item the same way on get and on delete. */
        Store(BinaryOperator<String> missing) {
            this(missing, missing);
        }

        Store(BinaryOperator<String> missingOnGet, BinaryOperator<String> missingOnDelete) {
            this.missingOnGet = missingOnGet;
            this.missingOnDelete = missingOnDelete;
        }

        @Override
        public String getPassword(String service, String account) throws PasswordAccessException {
            byte[] bytes = items.get(service + "|" + account);
            if (bytes == null) {
                throw new PasswordAccessException(missingOnGet.apply(service, account));
            }
            return new String(bytes, StandardCharsets.UTF_16LE);
        }

        @Override
        public void setPassword(String service, String account, String password) throws PasswordAccessException {
            items.put(service + "|" + account, password.getBytes(StandardCharsets.UTF_16LE));
        }

        @Override
        public void deletePassword(String service, String account) throws PasswordAccessException {
            if (items.remove(service + "|" + account) == null) {
                throw new PasswordAccessException(missingOnDelete.apply(service, account));
            }
        }

        @Override
        public void close() {
        }
    }
}
