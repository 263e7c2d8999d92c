package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path home;

    @Test
    void defaultsWhenThereIsNoFileAndARoundTripKeepsEveryValue() throws Exception {
        assertEquals(Settings.DEFAULTS, Settings.load(home));
        Settings changed = Settings.DEFAULTS.withNotifyLead(Duration.ofMinutes(25)).withAutoRefresh(false).withKeyring("file")
                .withStartAtLogin(true);
        changed.save(home);
        assertEquals(changed, Settings.load(home));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(Settings.FILE_NAME))));
    }

    @Test
    void aBadValueNamesTheFileAndTheFix() throws Exception {
        Files.writeString(home.resolve(Settings.FILE_NAME), "notify.lead.minutes = 90\n");
        TokentrayException e = assertThrows(TokentrayException.class, () -> Settings.load(home));
        assertTrue(e.getMessage().contains(Settings.FILE_NAME) && e.getMessage().contains("1 to 60"), e.getMessage());
    }

    @Test
    void theShimFollowsTheKeyringChosenInSettingsUnlessTheVariableSaysOtherwise() {
        TestHome t = new TestHome(home).set("TOKENTRAY_KEYRING", null);
        Settings.DEFAULTS.withKeyring("file").save(t.tokentrayHome());
        assertTrue(KeyringBackends.select(t.env(), t.tokentrayHome(), w -> { }) instanceof FileKeyringBackend);
    }
}
