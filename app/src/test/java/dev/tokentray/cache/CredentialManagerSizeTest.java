package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javakeyring.KeyringStorageType;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions against the Windows Credential Manager's item size: 2,560 bytes of blob
 * (CRED_MAX_CREDENTIAL_BLOB_SIZE), which java-keyring fills with UTF-16LE, so 1,280 chars.
 */
class CredentialManagerSizeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant EXPIRES = Instant.parse("2030-01-02T03:04:05Z");
    /** Credential Manager's limit in chars: java-keyring stores two bytes per char. */
    private static final int ITEM_CHARS = JavaKeyringShapes.WINDOWS_BLOB_BYTES / 2;

    /**
     * moto 5's random_session_token, its longest: "FQoGZXIvYXdzEBYaD" then base64 of 266 random
     * bytes, 356 chars, for every AssumeRole (chained, with tags or a policy alike); its
     * GetSessionToken token is 239 chars.
     */
    private static String motoToken() {
        String b64 = Base64.getEncoder().encodeToString(bytes(266));
        return "FQoGZXIvYXdzEBYaD" + b64.substring(17);
    }

    /** A real STS token's shape: "IQoJb3JpZ2luX2Vj…" base64 of {@code chars} chars. */
    private static String stsToken(int chars) {
        String b64 = Base64.getEncoder().encodeToString(bytes(chars));
        return ("IQoJb3JpZ2luX2Vj" + b64).substring(0, chars);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static Session session(String token) {
        return new Session("ASIA" + "Q".repeat(16), Base64.getEncoder().encodeToString(bytes(30)), token, EXPIRES);
    }

    /** The characters tokentray stores for {@code session}, as any backend receives them. */
    private static int storedChars(Session session) {
        JavaKeyringShapes.Store plain = JavaKeyringShapes.secretService();
        new SessionCache(JavaKeyringBackend.over(plain, KeyringStorageType.GNOME_KEYRING, "x")).put("profile:p", session);
        return new String(plain.items.values().iterator().next(), StandardCharsets.UTF_16LE).length();
    }

    @Test
    void measuredSessionsAgainstTheLimit() {
        int moto = storedChars(session(motoToken()));
        // Plain AssumeRole tokens seen from real STS (eu-west-3, ap-northeast-2/3, 2023-2025) are
        // 736-760 chars; session tags, a session policy or a source identity are packed into the
        // token and make it longer, and AWS documents no maximum.
        int realPlain = storedChars(session(stsToken(760)));
        int realWithTags = storedChars(session(stsToken(1_500)));
        assertEquals(532, moto, "moto's longest session, an AssumeRole one");
        assertEquals(936, realPlain);
        assertTrue(moto <= ITEM_CHARS && realPlain <= ITEM_CHARS, "these fit one item");
        assertTrue(realWithTags > ITEM_CHARS, "a token of 1,500 chars (" + realWithTags + " stored) does not");
        assertEquals(176, realPlain - 760, "everything but the token takes this much, so a token over "
                + (ITEM_CHARS - 176) + " chars needs more than one item");
    }

    @Test
    void aSessionTooLongForOneItemIsWrittenAndReadBack() {
        JavaKeyringShapes.Store windows = JavaKeyringShapes.windowsCredentialManager();
        SessionCache cache = new SessionCache(JavaKeyringBackend.over(windows,
                KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "wincred"));
        for (int tokenChars : new int[] {1_104, 1_105, 1_500, 2_600, 6_000}) {
            Session long_ = session(stsToken(tokenChars));
            cache.put("profile:tags", long_);
            Session back = cache.get("profile:tags");
            assertEquals(long_.sessionToken(), back.sessionToken(), tokenChars + "-char token");
            assertEquals(long_.secretAccessKey(), back.secretAccessKey());
            assertEquals(long_.accessKeyId(), back.accessKeyId());
            assertEquals(EXPIRES, back.expiration());
            for (byte[] item : windows.items.values()) {
                assertTrue(item.length <= JavaKeyringShapes.WINDOWS_BLOB_BYTES, "every item fits its blob");
            }
        }
    }

    private static JavaKeyringBackend windows(JavaKeyringShapes.Store store) {
        return JavaKeyringBackend.over(store, KeyringStorageType.WINDOWS_CREDENTIAL_STORE, "wincred");
    }

    @Test
    void aSessionThatFitsIsOneItemHoldingItsJson() {
        JavaKeyringShapes.Store store = JavaKeyringShapes.windowsCredentialManager();
        new SessionCache(windows(store)).put("profile:dev", session(stsToken(760)));
        assertEquals(List.of("tokentray|profile:dev"), List.copyOf(store.items.keySet()));
        assertTrue(new String(store.items.get("tokentray|profile:dev"), StandardCharsets.UTF_16LE)
                .startsWith("{\"AccessKeyId\":\"ASIA"));
    }

    @Test
    void aLongSessionIsAHeadAndPartsThatRewritesAndDeletesLeaveNoneBehind() {
        JavaKeyringShapes.Store store = JavaKeyringShapes.windowsCredentialManager();
        SessionCache cache = new SessionCache(windows(store));
        cache.put("profile:tags", session(stsToken(2_000)));
        assertEquals(List.of("tokentray:part:1:1|profile:tags", "tokentray:part:1:2|profile:tags", "tokentray|profile:tags"),
                List.copyOf(store.items.keySet()));
        assertEquals("tokentray-split:1:2", new String(store.items.get("tokentray|profile:tags"), StandardCharsets.UTF_16LE));

        Session longer = session(stsToken(3_000));
        cache.put("profile:tags", longer);
        assertEquals(List.of("tokentray:part:2:1|profile:tags", "tokentray:part:2:2|profile:tags",
                "tokentray:part:2:3|profile:tags", "tokentray|profile:tags"), List.copyOf(store.items.keySet()),
                "the new generation's parts, the old ones gone");
        assertEquals(longer.sessionToken(), cache.get("profile:tags").sessionToken());

        Session short_ = session(stsToken(700));
        cache.put("profile:tags", short_);
        assertEquals(List.of("tokentray|profile:tags"), List.copyOf(store.items.keySet()));
        assertEquals(short_.sessionToken(), cache.get("profile:tags").sessionToken());

        cache.put("profile:tags", longer);
        cache.remove("profile:tags");
        assertEquals(List.of(), List.copyOf(store.items.keySet()));
        assertNull(cache.get("profile:tags"));
    }

    @Test
    void aPartGoneMissingReadsAsNoSession() {
        JavaKeyringShapes.Store store = JavaKeyringShapes.windowsCredentialManager();
        SessionCache cache = new SessionCache(windows(store));
        cache.put("profile:tags", session(stsToken(2_000)));
        store.items.remove("tokentray:part:1:2|profile:tags");
        assertNull(cache.get("profile:tags"));
    }

    @Test
    void anyValueComesBackAsItWasStored() {
        JavaKeyringBackend backend = windows(JavaKeyringShapes.windowsCredentialManager());
        String pairAtTheCut = "x".repeat(ITEM_CHARS - 1) + "\uD83D\uDD11" + "y".repeat(10);
        for (String value : new String[] {"tokentray-split:1:2", "tokentray-split:9", "", pairAtTheCut,
                "\uD83D\uDD11".repeat(ITEM_CHARS)}) {
            backend.store("oath-password:123", value.toCharArray());
            assertEquals(value, new String(backend.load("oath-password:123")));
        }
    }

    @Test
    void otherKeyringsKeepEveryValueWhole() {
        JavaKeyringShapes.Store store = JavaKeyringShapes.macosKeychain();
        new SessionCache(JavaKeyringBackend.over(store, KeyringStorageType.OSX_KEYCHAIN, "keychain"))
                .put("profile:tags", session(stsToken(3_000)));
        assertEquals(List.of("tokentray|profile:tags"), List.copyOf(store.items.keySet()));
    }
}
