package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.Session;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.testing.AwsWorld;
import dev.tokentray.testing.MotoServer;
import dev.tokentray.testing.TestHome;
import dev.tokentray.vault.Vault;
import dev.tokentray.vault.VaultEntry;
import dev.tokentray.vault.WrongPasswordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.model.AccessKey;

class UnlockedStateTest {
    @RegisterExtension
    static MotoServer moto = new MotoServer();

    static final String PASSWORD = "vault-pw";

    @TempDir
    Path tmp;

    /**
     * The tray's dialog gives the password as real Unicode; a vault whose password an older CLI
     * stored through LC_ALL=C (every non-ASCII UTF-8 byte as U+FFFD) opens with it there too, and
     * is upgraded, because the fallback lives in the vault, not in a face.
     */
    @Test
    void theTrayOpensAVaultStoredUnderALocaleGarbledPasswordWithThePasswordAsTyped() {
        TestHome home = new TestHome(tmp);
        new Vault(home.tokentrayHome(), TestHome.FAST_KDF).update("\uFFFD".repeat(6).toCharArray(), c -> {
            c.put(new VaultEntry("dev", "AKIAIOSFODNN7EXAMPLE", "s1".toCharArray(), Instant.EPOCH));
            return null;
        });
        List<String> warnings = new ArrayList<>();
        Tokentray engine = new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), warnings::add);
        try (UnlockedState state = new UnlockedState(engine, warnings::add)) {
            state.open("äöü".toCharArray());
            assertTrue(state.vaultOpen());
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("note: re-encrypted the vault at "), warnings.get(0));
            state.lock();
            assertThrows(WrongPasswordException.class, () -> state.open("ßßß".toCharArray()));
        }
    }

    /** A home whose AWS calls go to moto, with no MFA anywhere: a session is one GetSessionToken. */
    private TestHome motoHome() {
        return new TestHome(tmp).set("AWS_ENDPOINT_URL_STS", moto.endpoint().toString())
                .set("AWS_ENDPOINT_URL_IAM", moto.endpoint().toString()).set("AWS_REGION", "us-east-1")
                .config("[profile alice]\nregion = us-east-1\n[profile ci]\nregion = us-east-1\n");
    }

    private static AccessKey user(String name) {
        return new AwsWorld(moto.endpoint()).user(name + "-" + Long.toHexString(new SecureRandom().nextLong()));
    }

    private static Tokentray engine(TestHome home) {
        return new Tokentray(home.env(), TestHome.FAST_KDF, Clock.systemUTC(), w -> { });
    }

    private static void addKeys(Tokentray engine, String profile, AccessKey key) {
        engine.addKeys(profile, key.accessKeyId(), key.secretAccessKey().toCharArray(), PASSWORD.toCharArray());
    }

    /** The engine of {@code home}, with alice's keys in its vault. */
    private static Tokentray engineWithAlice(TestHome home) {
        Tokentray engine = engine(home);
        addKeys(engine, "alice", user("alice"));
        return engine;
    }

    /** The tray's state over {@code engine}, its vault open; closed again if it cannot open. */
    private static UnlockedState opened(Tokentray engine) {
        UnlockedState state = new UnlockedState(engine, w -> { });
        try {
            state.open(PASSWORD.toCharArray());
        } catch (RuntimeException | Error e) {
            state.close();
            throw e;
        }
        return state;
    }

    @Test
    void keysAddedWhileTheVaultIsOpenAreUsableAtOnce() {
        Tokentray engine = engineWithAlice(motoHome());
        AccessKey ci = user("ci");
        try (UnlockedState state = opened(engine)) {
            assertFalse(state.quiet("alice", false).sessionToken().isEmpty());

            addKeys(engine, "ci", ci);
            Session session = state.quiet("ci", false);
            assertFalse(session.sessionToken().isEmpty(), "a session");
        }
    }

    @Test
    void keysImportedWhileTheVaultIsOpenAreUsableAtOnceThoughThePlaintextCopyIsGone() throws Exception {
        TestHome home = motoHome();
        Tokentray engine = engineWithAlice(home);
        AccessKey ci = user("ci");
        home.credentials("[ci]\naws_access_key_id = " + ci.accessKeyId() + "\naws_secret_access_key = "
                + ci.secretAccessKey() + "\n");
        try (UnlockedState state = opened(engine)) {
            Tokentray.ImportResult result = engine.importKeys(List.of("ci"), true, PASSWORD.toCharArray());
            assertEquals(List.of("ci"), result.removedFromPlaintext());
            assertFalse(Files.readString(home.credentialsFile()).contains(ci.accessKeyId()));
            Session session = state.quiet("ci", false);
            assertFalse(session.sessionToken().isEmpty(), "a session");
        }
    }

    @Test
    void theVaultTheTrayJustCreatedIsOpenSoTheFirstUnlockAsksNoPassword() {
        Tokentray engine = engine(motoHome());
        AccessKey ci = user("ci");
        try (UnlockedState state = new UnlockedState(engine, w -> { })) {
            assertFalse(state.vaultOpen());
            addKeys(engine, "ci", ci);
            assertTrue(state.vaultOpen(), "the password was just typed: the vault it made is open");
            assertFalse(state.needs("ci").password(), "the first unlock does not ask for it again");
            assertFalse(state.quiet("ci", false).sessionToken().isEmpty());
        }
    }

    @Test
    void whileTheVaultIsOpenItsWritesAskNoPasswordAndOnceLockedTheyDo() {
        TestHome home = motoHome();
        Tokentray engine = engineWithAlice(home);
        AccessKey ci = user("ci");
        try (UnlockedState state = opened(engine)) {
            boolean replaced = state.withVaultPassword(null,
                    pw -> engine.addKeys("ci", ci.accessKeyId(), ci.secretAccessKey().toCharArray(), pw));
            assertFalse(replaced);
            assertFalse(state.quiet("ci", false).sessionToken().isEmpty());
            // The file was written under the same password: a fresh open proves it.
            new Vault(home.tokentrayHome(), TestHome.FAST_KDF).open(PASSWORD.toCharArray()).close();

            state.lock();
            NeedsUserException e = assertThrows(NeedsUserException.class, () -> state.withVaultPassword(null,
                    pw -> engine.addKeys("ci", ci.accessKeyId(), ci.secretAccessKey().toCharArray(), pw)));
            assertTrue(e.getMessage().contains("vault password"), e.getMessage());
        }
    }

    /** Keys the CLI (another process, another engine) adds while the tray holds the vault open. */
    @Test
    void keysAnotherProcessAddsWhileTheVaultIsOpenAreUsableWithoutAnotherUnlock() {
        TestHome home = motoHome();
        Tokentray tray = engineWithAlice(home);
        AccessKey ci = user("ci");
        try (UnlockedState state = opened(tray)) {
            addKeys(engine(home), "ci", ci);
            assertFalse(state.quiet("ci", false).sessionToken().isEmpty());

            // Another process changed the password: the kept one no longer opens the file, so the
            // profile it then added asks for the password instead of "has no keys in the vault".
            AccessKey ops = user("ops");
            engine(home).changePassword(PASSWORD.toCharArray(), "another-vault-pw".toCharArray());
            engine(home).addKeys("ops", ops.accessKeyId(), ops.secretAccessKey().toCharArray(),
                    "another-vault-pw".toCharArray());
            NeedsUserException e = assertThrows(NeedsUserException.class, () -> state.quiet("ops", false));
            assertTrue(e.getMessage().contains("vault password"), e.getMessage());
            assertTrue(state.needs("ops").password(), "the dialog asks for the password");
            state.open("another-vault-pw".toCharArray());
            assertFalse(state.quiet("ops", false).sessionToken().isEmpty());
        }
    }
}
