package dev.tokentray.cache;

import com.github.javakeyring.PasswordAccessException;
import com.github.javakeyring.internal.KeyringBackend;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

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
     * Items are kept as the UTF-16LE bytes Windows would hold. Target names are compared without
     * case, as Windows compares them (Dev and dev name one credential), and reach it through the
     * "A" functions: JNA converts them to the ANSI code page (windows-1252 on a Western system),
     * where a char it cannot hold becomes '?'.
     */
    static Store windowsCredentialManager() {
        Charset ansi = Charset.forName("windows-1252");
        return new Store((service, account) -> "Error code 1168", (service, account) -> "Error code 1168",
                new TreeMap<>(String.CASE_INSENSITIVE_ORDER), target -> new String(target.getBytes(ansi), ansi)) {
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
        final Map<String, byte[]> items;
        /** The message of a get, and of a delete, of a missing item, from its service and account. */
        private final BinaryOperator<String> missingOnGet;
        private final BinaryOperator<String> missingOnDelete;
        /** The name the store keeps for service|account. */
        private final UnaryOperator<String> target;

        /** A store that words a missing item the same way on get and on delete. */
        Store(BinaryOperator<String> missing) {
            this(missing, missing);
        }

        /** A store that matches service and account exactly, as the Secret Service and the Keychain do. */
        Store(BinaryOperator<String> missingOnGet, BinaryOperator<String> missingOnDelete) {
            this(missingOnGet, missingOnDelete, new TreeMap<>(), UnaryOperator.identity());
        }

        Store(BinaryOperator<String> missingOnGet, BinaryOperator<String> missingOnDelete, Map<String, byte[]> items,
                UnaryOperator<String> target) {
            this.missingOnGet = missingOnGet;
            this.missingOnDelete = missingOnDelete;
            this.items = items;
            this.target = target;
        }

        @Override
        public String getPassword(String service, String account) throws PasswordAccessException {
            byte[] bytes = items.get(target.apply(service + "|" + account));
            if (bytes == null) {
                throw new PasswordAccessException(missingOnGet.apply(service, account));
            }
            return new String(bytes, StandardCharsets.UTF_16LE);
        }

        @Override
        public void setPassword(String service, String account, String password) throws PasswordAccessException {
            items.put(target.apply(service + "|" + account), password.getBytes(StandardCharsets.UTF_16LE));
        }

        @Override
        public void deletePassword(String service, String account) throws PasswordAccessException {
            if (items.remove(target.apply(service + "|" + account)) == null) {
                throw new PasswordAccessException(missingOnDelete.apply(service, account));
            }
        }

        @Override
        public void close() {
        }
    }
}
