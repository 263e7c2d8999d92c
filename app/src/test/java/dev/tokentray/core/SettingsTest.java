package dev.tokentray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.Main;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.cache.SessionCacheMain;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    /** The session each store holds: the one the shim prints says which store it read. */
    private static final String IN_KEYRING = "ASIAINTHEKEYRING0001";
    private static final String IN_FILES = "ASIAINTHEFILECACHE01";

    @RegisterExtension
    static KeyringDaemon keyring = new KeyringDaemon();

    @TempDir
    Path home;

    @Test
    void defaultsWhenThereIsNoFileAndARoundTripKeepsEveryValue() throws Exception {
        assertEquals(Settings.DEFAULTS, Settings.load(home));
        Settings changed = Settings.DEFAULTS.withNotifyLead(Duration.ofMinutes(25)).withAutoRefresh(false).withKeyring("file")
                .withStartAtLogin(true).withAgent(false);
        changed.save(home);
        assertEquals(changed, Settings.load(home));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(Settings.FILE_NAME))));
    }

    /**
     * The headless agent is on unless the file says {@code agent=off}; the shim's own reading
     * ({@link Settings#agentAllowed}) agrees with the tray's, and a bad value is the tray's to report.
     */
    @Test
    void theAgentSettingIsOnUnlessTheFileSaysOff() throws Exception {
        Path file = home.resolve(Settings.FILE_NAME);
        assertTrue(Settings.DEFAULTS.agent());
        assertTrue(Settings.agentAllowed(home), "no file: on");
        Settings.DEFAULTS.withAgent(false).save(home);
        assertTrue(Files.readString(file).contains("\nagent=off\n"), Files.readString(file));
        assertFalse(Settings.load(home).agent());
        assertFalse(Settings.agentAllowed(home));
        Settings.DEFAULTS.save(home);
        assertTrue(Files.readString(file).contains("\nagent=on\n"), Files.readString(file));
        assertTrue(Settings.agentAllowed(home));
        Files.writeString(file, "agent = maybe\n");
        TokentrayException e = assertThrows(TokentrayException.class, () -> Settings.load(home));
        assertTrue(e.getMessage().contains(Settings.FILE_NAME) && e.getMessage().contains("agent must be on or off"),
                e.getMessage());
        assertTrue(Settings.agentAllowed(home), "only off says no");
    }

    @Test
    void aBadValueNamesTheFileAndTheFix() throws Exception {
        Files.writeString(home.resolve(Settings.FILE_NAME), "notify.lead.minutes = 90\n");
        TokentrayException e = assertThrows(TokentrayException.class, () -> Settings.load(home));
        assertTrue(e.getMessage().contains(Settings.FILE_NAME) && e.getMessage().contains("1 to 60"), e.getMessage());
    }

    /**
     * The keyring chosen in the settings file, as the shim reads it, against a real Secret Service
     * (gnome-keyring on a private D-Bus): one session waits in the keyring and another in the file
     * cache, and the shim's answer says which one it read. Without a setting the keyring answers
     * (auto), with {@code keyring=file} the files do, and TOKENTRAY_KEYRING still beats the setting.
     */
    @Test
    void theShimFollowsTheKeyringChosenInSettingsUnlessTheVariableSaysOtherwise() {
        TestHome t = new TestHome(home).setAll(keyring.env()).set("HOME", home.toString()).set("TOKENTRAY_KEYRING", null);
        Instant expires = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        ok(ChildJvm.run(SessionCacheMain.class, withVariable(t, "secret-service"), IN_KEYRING + " s t " + expires,
                "put", SessionCache.profileKey("dev")));
        new SessionCache(new FileKeyringBackend(t.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey("dev"), new Session(IN_FILES, "s", "t", expires));
        assertTrue(keyring.secretTool("lookup", "service", "tokentray", "account", "profile:dev").contains(IN_KEYRING),
                "the keyring holds one session");

        assertFalse(Files.exists(t.tokentrayHome().resolve(Settings.FILE_NAME)));
        assertEquals(IN_KEYRING, shimServes(t.envMap()), "no setting: auto, and the Secret Service answers");

        Settings.DEFAULTS.withKeyring("file").save(t.tokentrayHome());
        assertEquals(IN_FILES, shimServes(t.envMap()), "keyring = file in " + Settings.FILE_NAME);

        assertEquals(IN_KEYRING, shimServes(withVariable(t, "secret-service")),
                "TOKENTRAY_KEYRING=secret-service beats the setting");
    }

    private static Map<String, String> withVariable(TestHome t, String backend) {
        Map<String, String> env = new HashMap<>(t.envMap());
        env.put("TOKENTRAY_KEYRING", backend);
        return env;
    }

    /** The access key id that {@code tokentray credential-process dev} prints in a fresh JVM with {@code env}. */
    private static String shimServes(Map<String, String> env) {
        Run run = ok(ChildJvm.run(Main.class, env, "", "credential-process", "dev"));
        assertEquals("", run.err(), run.toString());
        try {
            return (String) JSON.std.mapFrom(run.out()).get("AccessKeyId");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + run, e);
        }
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }
}
