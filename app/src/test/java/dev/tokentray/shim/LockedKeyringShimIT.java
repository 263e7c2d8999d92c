package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.SessionCacheMain;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session in a collection that was locked after it was cached: the shim does not read it
 * itself (unlocking asks the user, which is java-keyring's and the full CLI's business), and the
 * call ends exactly as it did when the shim read through java-keyring. Its own keyring, because
 * the test locks it.
 */
class LockedKeyringShimIT {
    @RegisterExtension
    static KeyringDaemon keyring = new KeyringDaemon();

    @TempDir
    Path tmp;

    @Test
    void aLockedCollectionLeavesTheCallToTheFullCliAsBefore() {
        TestHome home = new TestHome(tmp).setAll(keyring.env()).set("HOME", tmp.toString())
                .set("TOKENTRAY_KEYRING", "secret-service");
        home.config("[profile dev]\nregion = eu-west-1\n");
        Run put = ChildJvm.run(SessionCacheMain.class, home.envMap(), "ASIALOCKEDCOLLECTION s t 2099-01-02T03:04:05Z",
                "put", "profile:dev");
        assertEquals(0, put.exit(), put.toString());
        Run unlocked = home.binary("", "credential-process", "dev");
        assertEquals(0, unlocked.exit(), unlocked.toString());
        assertTrue(unlocked.out().contains("ASIALOCKEDCOLLECTION"), unlocked.out());

        KeyringDaemon.Result lock = keyring.run("gdbus", "call", "--session", "-d", "org.freedesktop.secrets", "-o",
                "/org/freedesktop/secrets", "-m", "org.freedesktop.Secret.Service.Lock",
                "['/org/freedesktop/secrets/collection/login']");
        assertEquals(0, lock.exit(), lock.err());
        assertTrue(lock.out().contains("/org/freedesktop/secrets/collection/login"), "locked: " + lock.out());

        Run now = home.binary("", "credential-process", "dev");
        home.set("TOKENTRAY_KEYRING_READER", "java-keyring");
        Run before = home.binary("", "credential-process", "dev");
        assertEquals(before, now, "the same answer as through java-keyring");
        assertEquals(new Run(1, "", "tokentray: profile 'dev' has no keys: run `tokentray add dev` or set"
                + " source_profile and role_arn\n"), now, "the cached session was not served from a locked keyring");
    }
}
