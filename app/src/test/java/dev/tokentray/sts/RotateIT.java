package dev.tokentray.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Tokentray;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.StsCheckingProxy.Request;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.vault.VaultContents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokentray rotate} for a user with an MFA device, against moto behind the MFA-checking
 * proxy: the IAM calls are signed with the MFA session (as the proxy records), IAM ends with the new
 * key only, the vault holds it, and the MFA session made from the old key is gone. (AuthEnforcedIT shows under SigV4 checks that the
 * stored secret works and the old key is refused.)
 */
class RotateIT {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    @TempDir
    Path tmp;
    MfaWorld world;
    TestHome home;

    @BeforeEach
    void setUp() throws IOException {
        // A world per test: rotation changes alice's keys for good.
        world = new MfaWorld(moto, "alice-" + System.nanoTime() % 1_000_000);
        home = world.home(tmp).config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                        + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = alice\n");
        world.addKeys(home, "alice");
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void rotateThroughARoleProfileReplacesTheKeyWithOneMfaCode() {
        String oldKey = world.alice.accessKeyId();
        String code = world.proxy.currentCode(world.serial);
        Run run = ok(home.binary("", "rotate", "admin", "--mfa-code", code));
        Matcher m = Pattern.compile("Rotated the access key of IAM user " + world.user + ": (AKIA[A-Z0-9]{16}) is in the"
                + " vault, " + oldKey + " is deleted\\.\\n").matcher(run.out());
        assertTrue(m.matches(), run.toString());
        String newKey = m.group(1);
        assertEquals(List.of(newKey), world.aws.accessKeyIds(world.user), "IAM has the new key only");
        Request mfa = world.proxy.only("GetSessionToken");
        assertEquals(List.of(world.serial, code, oldKey), List.of(String.valueOf(mfa.serial()),
                String.valueOf(mfa.code()), mfa.keyId()), "one MFA session, from the old key with the code: " + mfa);
        assertEquals(List.of(code), world.proxy.acceptedCodes());
        assertIamCallsSignedBy(mfa.issued().accessKeyId(), "CreateAccessKey", "DeleteAccessKey");
        assertTrue(world.proxy.requests("GetCallerIdentity").stream().anyMatch(r -> r.accepted()
                && newKey.equals(r.keyId())), "STS accepted the new key before it was stored: "
                + world.proxy.requests("GetCallerIdentity"));
        assertEquals(newKey, vaultKeyId("alice"), "the vault holds the new key");
        assertNull(new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .get("mfa:" + world.serial), "the MFA session made from the old key is dropped");
    }

    @Test
    void aFreshMfaSessionIsUsedWithoutAskingForACode() {
        ok(home.binary("", "unlock", "alice", "--mfa-code", world.proxy.currentCode(world.serial)));
        ok(home.binary("", "rotate", "alice"));
        Request mfa = world.proxy.only("GetSessionToken");
        assertIamCallsSignedBy(mfa.issued().accessKeyId(), "CreateAccessKey", "DeleteAccessKey");
        assertEquals(1, world.aws.accessKeyIds(world.user).size());
    }

    /**
     * Each of {@code actions} was called once, accepted, and signed with {@code sessionKey} (the MFA
     * session's ASIA key id, not the long-lived AKIA key that policies requiring MFA would refuse).
     */
    private void assertIamCallsSignedBy(String sessionKey, String... actions) {
        assertTrue(sessionKey.startsWith("ASIA"), sessionKey);
        for (String action : actions) {
            Request call = world.proxy.only(action);
            assertEquals(sessionKey, call.keyId(), action + " went with the MFA session: " + call);
            assertTrue(call.accepted(), call.toString());
        }
    }

    @Test
    void aUserWithTwoKeysAlreadyIsToldWhatToDeleteAndNothingChanges() {
        String other = world.aws.addAccessKey(world.user).accessKeyId();
        List<String> before = world.aws.accessKeyIds(world.user);
        Run run = home.binary("", "rotate", "alice", "--mfa-code", world.proxy.currentCode(world.serial));
        assertEquals(1, run.exit(), run.toString());
        assertEquals("tokentray: profile 'alice': IAM user " + world.user + " already has two access keys, AWS's"
                + " limit; delete the one not in use (`aws iam list-access-keys --user-name " + world.user
                + "`) and rotate again\n", run.err());
        assertEquals("", run.out());
        assertEquals(before, world.aws.accessKeyIds(world.user));
        assertTrue(before.contains(other));
        Request refused = world.proxy.only("CreateAccessKey");
        assertEquals(world.proxy.only("GetSessionToken").issued().accessKeyId(), refused.keyId(), refused.toString());
        assertEquals(0, world.proxy.calls("DeleteAccessKey"), "no key deleted");
        assertEquals(world.alice.accessKeyId(), vaultKeyId("alice"), "the vault is unchanged");
    }

    @Test
    void keysOutsideTheVaultAreNotRotated() {
        home.credentials("[plain]\naws_access_key_id = AKIAPLAINPLAINPLAIN1\naws_secret_access_key = s\n");
        Run run = home.binary("", "rotate", "plain");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("tokentray: profile 'plain' gets its keys from the credentials file (plaintext), not the vault;"
                + " move them in first with `tokentray import --profile plain`\n", run.err());
    }

    private String vaultKeyId(String profile) {
        try (VaultContents contents = new Tokentray(home.env(), warning -> { }).vault().open("vault-pw".toCharArray())) {
            return contents.get(profile).accessKeyId();
        }
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }
}
