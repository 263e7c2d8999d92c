package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import dev.tokentray.vault.Vault;
import dev.tokentray.vault.VaultEntry;
import dev.tokentray.vault.WrongPasswordException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlockedStateTest {
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
}
