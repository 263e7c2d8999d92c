package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.core.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim's read backend follows the rule the full CLI's {@link KeyringBackends#select} follows —
 * TOKENTRAY_KEYRING, else the settings file, else this OS's own keyring — without starting
 * java-keyring for the Secret Service.
 */
class KeyringBackendsTest {
    @TempDir
    Path home;

    private KeyringBackend reader(String variable, String readerVariable) {
        Map<String, String> vars = new HashMap<>();
        if (variable != null) {
            vars.put(KeyringBackends.VARIABLE, variable);
        }
        if (readerVariable != null) {
            vars.put(KeyringBackends.READER_VARIABLE, readerVariable);
        }
        vars.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + home.resolve("no-bus"));
        return KeyringBackends.reader(new Env(vars, "Linux"), home);
    }

    @Test
    void theVariableThenTheSettingsThenThisOsOwnKeyring() throws Exception {
        assertEquals("auto", reader(null, null).id(), "auto on Linux: the Secret Service, else the files");
        assertEquals("auto", reader("AUTO", null).id());
        assertInstanceOf(SecretServiceReader.class, reader("secret-service", null));
        assertEquals(home.resolve("cache"), ((FileKeyringBackend) reader("file", null)).directory());

        Settings.DEFAULTS.withKeyring("file").save(home);
        assertInstanceOf(FileKeyringBackend.class, reader(null, null), "keyring = file in the settings");
        assertInstanceOf(SecretServiceReader.class, reader("secret-service", null), "the variable beats the settings");
        assertEquals("file", KeyringBackends.requested(new Env(Map.of()), home));
    }

    /** As select() does: auto where no Secret Service is there reads the files; secret-service does not. */
    @Test
    void autoWithoutASecretServiceReadsTheFileCache() {
        new FileKeyringBackend(home.resolve("cache")).store("profile:dev", "{\"in\":\"files\"}".toCharArray());
        assertEquals("{\"in\":\"files\"}", new String(reader(null, null).load("profile:dev")));
        assertThrows(SecretServiceReader.Absent.class, () -> reader("secret-service", null).load("profile:dev"));
        assertThrows(UnsupportedOperationException.class, () -> reader(null, null).store("k", new char[1]));
    }

    @Test
    void aChoiceThatNamesNoBackendIsLeftToTheFullCli() {
        assertNull(reader("gnome", null));
        TokentrayException e = assertThrows(TokentrayException.class,
                () -> KeyringBackends.select(new Env(Map.of(KeyringBackends.VARIABLE, "gnome")), home, w -> { }));
        assertTrue(e.getMessage().startsWith("TOKENTRAY_KEYRING=gnome is not a keyring backend"), e.getMessage());
    }

    /** The way back to java-keyring opens it exactly as select() does, its probe included. */
    @Test
    void javaKeyringWhenAskedOpensItAsTheFullCliDoes() {
        KeyringException e = assertThrows(KeyringException.class, () -> reader("secret-service", "java-keyring"));
        assertEquals(SecretServiceReader.DISPLAY_NAME + " is not available here; set TOKENTRAY_KEYRING=file to cache"
                + " sessions in files instead", e.getMessage());
    }

    @Test
    void aHomeAnotherUserCouldHavePlantedIsRefusedAsBySelect() throws Exception {
        Path open = Files.createDirectories(home.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        KeyringBackends.reader(new Env(Map.of(KeyringBackends.VARIABLE, "file"), "Linux"), open);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(open)), "closed to others, as select() closes it");
    }
}
