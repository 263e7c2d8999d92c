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
import java.time.Instant;
import java.util.List;
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

    /**
     * The Credential Manager compares target names without case (and java-keyring reaches it
     * through the ANSI functions, where a char the code page lacks becomes '?'): profiles Dev and
     * dev, or 日本 and 中国, would share one item and one session.
     */
    @Test
    void profilesThatDifferOnlyInCaseKeepTheirOwnSessionsOnTheCredentialManager() {
        JavaKeyringShapes.Store windows = JavaKeyringShapes.windowsCredentialManager();
        SessionCache cache = new SessionCache(
                JavaKeyringBackend.over(windows, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "wincred"));
        List<String> profiles = List.of("dev", "Dev", "DEV", "日本", "中国", "dév", "DÉV");
        for (int i = 0; i < profiles.size(); i++) {
            cache.put(SessionCache.profileKey(profiles.get(i)), session(i));
        }
        for (int i = 0; i < profiles.size(); i++) {
            assertEquals(session(i).accessKeyId(), cache.get(SessionCache.profileKey(profiles.get(i))).accessKeyId(),
                    "the session of profile " + profiles.get(i));
        }
        cache.remove(SessionCache.profileKey("dev"));
        assertNull(cache.get(SessionCache.profileKey("dev")));
        assertEquals(session(1), cache.get(SessionCache.profileKey("Dev")));
        assertEquals(session(2), cache.get(SessionCache.profileKey("DEV")));
    }

    private static Session session(int i) {
        return new Session("ASIACASE" + String.format("%012d", i), "secret" + i, "token" + i,
                Instant.parse("2030-01-01T00:00:00Z"));
    }

    /**
     * Every key keeps its own item on a store that folds case, one-to-one, for thousands of keys;
     * and a key named anew reads nothing an earlier version wrote, under any key.
     */
    @Test
    void everyKeyHasItsOwnCredentialManagerItem() throws PasswordAccessException {
        JavaKeyringShapes.Store windows = JavaKeyringShapes.windowsCredentialManager();
        List<String> keys = CacheKeySamples.keys();
        for (String key : keys) {
            windows.setPassword("tokentray", key, "written before by " + key);
        }
        int before = windows.items.size();
        JavaKeyringBackend backend = JavaKeyringBackend.over(windows, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "w");
        int renamed = 0;
        for (String key : keys) {
            // Keys of printable ASCII without an upper-case letter or '%' keep their items (and so
            // does what an earlier version shared among them); every other key is named anew.
            if (!key.chars().allMatch(c -> c >= ' ' && c < 0x7F && c != '%' && !(c >= 'A' && c <= 'Z'))) {
                assertNull(backend.load(key), key + " reads what an earlier version wrote");
                renamed++;
            }
        }
        for (String key : keys) {
            backend.store(key, ("value of " + key).toCharArray());
        }
        assertEquals(before + renamed, windows.items.size());
        for (String key : keys) {
            assertEquals("value of " + key, new String(backend.load(key)), key);
        }
        windows.items.forEach((target, value) -> assertTrue(target.chars().allMatch(c -> c < 0x80)
                || new String(value, StandardCharsets.UTF_16LE).startsWith("written before by "),
                "an ASCII target name, as any code page holds it: " + target));
    }

    /**
     * Keys without an upper-case letter, '%' or a char beyond printable ASCII keep their
     * Credential Manager item, the others are escaped under a service of their own; on the Secret
     * Service and the Keychain, which match the account exactly, every key keeps its item.
     */
    @Test
    void itemNamesEarlierVersionsWroteStay() {
        JavaKeyringShapes.Store windows = JavaKeyringShapes.windowsCredentialManager();
        JavaKeyringBackend backend = new JavaKeyringBackend(windows, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "w");
        for (String key : List.of("profile:dev", "profile:prod-eu_1.admin", "profile:my admin",
                "mfa:arn:aws:iam::123456789012:mfa/alice", "oath-password:12345678")) {
            backend.store(key, "x".toCharArray());
        }
        backend.store("profile:Dev", "x".toCharArray());
        backend.store("profile:%44ev", "x".toCharArray());
        assertEquals(List.of("tokentray-escaped|profile:%2544ev", "tokentray-escaped|profile:%44ev",
                "tokentray|mfa:arn:aws:iam::123456789012:mfa/alice", "tokentray|oath-password:12345678",
                "tokentray|profile:dev", "tokentray|profile:my admin", "tokentray|profile:prod-eu_1.admin"),
                List.copyOf(windows.items.keySet()));
        for (JavaKeyringShapes.Store exact : List.of(JavaKeyringShapes.secretService(), JavaKeyringShapes.macosKeychain())) {
            JavaKeyringBackend other = new JavaKeyringBackend(exact, KeyringStorageType.GNOME_KEYRING, "s");
            other.store("profile:Dev", "x".toCharArray());
            other.store("profile:dév%", "x".toCharArray());
            assertEquals(List.of("tokentray|profile:Dev", "tokentray|profile:dév%"), List.copyOf(exact.items.keySet()));
        }
    }

    /**
     * The item an earlier version wrote for a key with an upper-case letter is also the item of
     * its lower-case twin on the Credential Manager, so it is never read for that key again; a
     * delete (clear, remove) of the key removes it, as it may hold that key's secret. Where the
     * twin is in use too, that ends the twin's session as well (the Credential Manager cannot tell
     * the two apart): one more unlock, never the other profile's session.
     */
    @Test
    void theOldCredentialManagerItemOfAnUpperCaseKeyIsNotReadAndGoesOnDelete() throws PasswordAccessException {
        JavaKeyringShapes.Store windows = JavaKeyringShapes.windowsCredentialManager();
        windows.setPassword("tokentray", "profile:Dev", "{\"AccessKeyId\":\"ASIAOLD\"}");
        JavaKeyringBackend backend = JavaKeyringBackend.over(windows, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "w");
        assertNull(backend.load("profile:Dev"));
        backend.store("profile:Dev", "new".toCharArray());
        assertEquals(List.of("tokentray-escaped|profile:%44ev", "tokentray|profile:Dev"),
                List.copyOf(windows.items.keySet()));
        backend.delete("profile:Dev");
        assertEquals(List.of(), List.copyOf(windows.items.keySet()));
        backend.delete("profile:Dev");

        backend.store("profile:dev", "twin".toCharArray());
        backend.store("profile:Dev", "new".toCharArray());
        backend.delete("profile:Dev");
        assertNull(backend.load("profile:Dev"));
        assertNull(backend.load("profile:dev"), "the twin's item is the old item of Dev");
    }

    /**
     * Earlier versions named an item by the raw key, and a raw key can be spelled like an
     * escaped one: the session an earlier version kept for a profile named "%44ev" must not be
     * read as profile Dev's, nor removed by clearing "%44ev"'s twin spellings.
     */
    @Test
    void anOldItemOfAKeySpelledLikeAnEscapeIsNeverAnotherKeys() throws PasswordAccessException {
        JavaKeyringShapes.Store windows = JavaKeyringShapes.windowsCredentialManager();
        windows.setPassword("tokentray", "profile:%44ev", "{\"AccessKeyId\":\"ASIAPERCENTPROFILE01\"}");
        JavaKeyringBackend backend = JavaKeyringBackend.over(windows, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "w");
        assertNull(backend.load("profile:Dev"), "profile %44ev's old session is not Dev's");
        backend.store("profile:Dev", "dev".toCharArray());
        backend.delete("profile:%44EV");
        assertEquals("dev", new String(backend.load("profile:Dev")));
    }
}
