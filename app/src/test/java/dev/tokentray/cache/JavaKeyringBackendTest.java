package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How tokentray reads each OS's keyring through java-keyring 1.0.4, with each OS's store shaped as in its bytecode. */
class JavaKeyringBackendTest {

    static Stream<Arguments> everyOs() {
        return Stream.of(
                Arguments.of(KeyringStorageType.GNOME_KEYRING, JavaKeyringShapes.secretService()),
                Arguments.of(KeyringStorageType.OSX_KEYCHAIN, JavaKeyringShapes.macosKeychain()),
                Arguments.of(KeyringStorageType.WINDOWS_CREDENTIAL_STORE, JavaKeyringShapes.windowsCredentialManager()));
    }

    /** The string templates java-keyring builds its messages from, read from its class files on the classpath. */
    private static String constants(String className) throws IOException {
        try (InputStream in = PasswordAccessException.class.getResourceAsStream(
                "/" + className.replace('.', '/') + ".class")) {
            // Constant-pool strings are modified UTF-8; an ASCII template reads back as itself, and
            // StringConcatFactory's argument slot is the byte 0x01.
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theMissingItemMessagesAreTheOnesInJavaKeyringsBytecode() throws IOException {
        String secretService = constants("com.github.javakeyring.internal.freedesktop.FreedesktopKeyringBackend");
        assertTrue(secretService.contains("No stored credentials match \u0001 account: \u0001"));
        String keychain = constants("com.github.javakeyring.internal.osx.ModernOsxKeychainBackend");
        assertTrue(keychain.contains("No stored credentials match \u0001 account: \u0001"));
        assertTrue(keychain.contains("No password to delete. \u0001"));
        String windows = constants("com.github.javakeyring.internal.windows.WinCredentialStoreBackend");
        assertTrue(windows.contains("Error code \u0001"));
        assertTrue(windows.contains("UTF-16LE"), "the Windows store writes the password as UTF-16LE");
        assertTrue(windows.contains("\u0001|\u0001"), "and names the item SERVICE|ACCOUNT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOs")
    void aMissingItemIsAbsentOnEveryOs(KeyringStorageType type, JavaKeyringShapes.Store store) {
        JavaKeyringBackend backend = new JavaKeyringBackend(store, type, "any");
        assertNull(backend.load("profile:none"));
        backend.delete("profile:none");
        backend.store("profile:dev", "{\"AccessKeyId\":\"ASIA\"}".toCharArray());
        assertArrayEquals("{\"AccessKeyId\":\"ASIA\"}".toCharArray(), backend.load("profile:dev"));
        backend.delete("profile:dev");
        assertNull(backend.load("profile:dev"));
    }

    @Test
    void eachOsNotFoundShapeIsRecognisedAndNothingElse() {
        for (String missing : new String[] {
                "No stored credentials match tokentray account: profile:dev",
                "No password to delete. No stored credentials match tokentray account: profile:dev",
                // errSecItemNotFound (-25300) in words, when an item goes between jkeychain's lookup and its delete
                "Failed to set credential. The specified item could not be found in the keychain.",
                "Error code 1168"}) {
            assertTrue(JavaKeyringBackend.isNotFound(new PasswordAccessException(missing)), missing);
        }
        for (String failure : new String[] {
                "Too many stored credentials match tokentray account: profile:dev",
                "Failed to get credential. User interaction is not allowed.",
                "Error code 5", "Error code 11680", "Error code 1783", "Error connecting to dbus"}) {
            assertEquals(false, JavaKeyringBackend.isNotFound(new PasswordAccessException(failure)), failure);
        }
        assertEquals(false, JavaKeyringBackend.isNotFound(new PasswordAccessException(null)));
    }

    @Test
    void aRealFailureIsStillSaidInOneLine() {
        JavaKeyringShapes.Store denied = new JavaKeyringShapes.Store((service, account) -> "Error code 5");
        JavaKeyringBackend backend = new JavaKeyringBackend(denied, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "wincred");
        KeyringException e = assertThrows(KeyringException.class, () -> backend.load("profile:dev"));
        assertEquals("cannot read from the Windows Credential Manager (PasswordAccessException); unlock the keyring,"
                + " or set TOKENTRAY_KEYRING=file", e.getMessage());
    }
}
