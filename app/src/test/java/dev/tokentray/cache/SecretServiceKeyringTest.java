package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Main;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The java-keyring backend against a real gnome-keyring-daemon on a private D-Bus session bus. */
class SecretServiceKeyringTest {
    @RegisterExtension
    static KeyringDaemon keyring = new KeyringDaemon();

    @TempDir
    Path tmp;

    private Map<String, String> env(String backend) {
        TestHome home = new TestHome(tmp);
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(keyring.env());
        env.put("HOME", tmp.toString());
        env.put("TOKENTRAY_KEYRING", backend);
        return env;
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    @Test
    void storesSessionsAsSecretServiceItemsThatSecretToolSees() {
        Map<String, String> env = env("secret-service");
        ok(ChildJvm.run(SessionCacheMain.class, env, "ASIAKEYRINGTEST00001 sec/ret+1 tok=en 2030-01-02T03:04:05Z",
                "put", "profile:dev"));

        // secret-tool prints the item's path on stdout and its attributes on stderr.
        KeyringDaemon.Result search = keyring.run("secret-tool", "search", "--all", "service", "tokentray", "account",
                "profile:dev");
        assertEquals(0, search.exit(), search.err());
        String item = search.out() + search.err();
        assertTrue(item.contains("attribute.service = tokentray"), item);
        assertTrue(item.contains("attribute.account = profile:dev"), item);
        String secret = keyring.secretTool("lookup", "service", "tokentray", "account", "profile:dev");
        assertTrue(secret.contains("\"AccessKeyId\":\"ASIAKEYRINGTEST00001\""), secret);
        assertTrue(secret.contains("\"Expiration\":\"2030-01-02T03:04:05Z\""), secret);

        assertEquals("ASIAKEYRINGTEST00001 sec/ret+1 tok=en 2030-01-02T03:04:05Z\n",
                ok(ChildJvm.run(SessionCacheMain.class, env, "", "get", "profile:dev")).out());
        assertTrue(Files.notExists(tmp.resolve("tokentray/cache")), "nothing went to the file cache");

        ok(ChildJvm.run(SessionCacheMain.class, env, "", "delete", "profile:dev"));
        assertEquals(1, keyring.run("secret-tool", "lookup", "service", "tokentray", "account", "profile:dev").exit());
        assertEquals("none\n", ok(ChildJvm.run(SessionCacheMain.class, env, "", "get", "profile:dev")).out());
    }

    @Test
    void autoChoosesTheKeyringWhenItAnswers() {
        Run run = ok(ChildJvm.run(SessionCacheMain.class, env("auto"), "", "backend"));
        assertEquals("secret-service\n", run.out());
        assertEquals("", run.err(), "no warning");
    }

    @Test
    void removeClearsTheKeyringItemThroughTheCli() {
        Map<String, String> env = env("secret-service");
        ok(ChildJvm.run(SessionCacheMain.class, env, "ASIAREMOVEME00000001 s t 2030-01-02T03:04:05Z", "put",
                "profile:gone"));
        Run run = ok(ChildJvm.run(Main.class, env, "", "remove", "gone"));
        assertEquals("Removed the cached session of profile 'gone'.\n", run.out());
        assertEquals(1, keyring.run("secret-tool", "lookup", "service", "tokentray", "account", "profile:gone").exit());
    }

    @Test
    void withoutADbusSessionAutoFallsBackToFilesWithOneWarning() {
        Map<String, String> env = env("auto");
        env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-such-bus"));
        Run run = ok(ChildJvm.run(SessionCacheMain.class, env, "", "backend"));
        assertEquals("file\n", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("warning: the Secret Service keyring (GNOME Keyring) on D-Bus did not answer;"
                + " caching sessions in "), run.err());

        env.put("TOKENTRAY_KEYRING", "secret-service");
        Run forced = ChildJvm.run(Main.class, env, "", "list");
        assertEquals(1, forced.exit(), forced.toString());
        assertEquals("tokentray: the Secret Service keyring (GNOME Keyring) on D-Bus is not available here;"
                + " set TOKENTRAY_KEYRING=file to cache sessions in files instead\n", forced.err());
    }

    @Test
    void aLongSessionStaysOneItemAndAnItemAsEarlierVersionsWroteItIsRead() {
        Map<String, String> env = env("secret-service");
        String token = "IQoJb3JpZ2luX2Vj" + "T".repeat(2_984);
        ok(ChildJvm.run(SessionCacheMain.class, env, "ASIALONGSESSION00001 s " + token + " 2030-01-02T03:04:05Z",
                "put", "profile:long"));
        String secret = keyring.secretTool("lookup", "service", "tokentray", "account", "profile:long");
        assertEquals("{\"AccessKeyId\":\"ASIALONGSESSION00001\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"" + token
                + "\",\"Expiration\":\"2030-01-02T03:04:05Z\",\"ExpiresAt\":1893553445}", secret,
                "the whole session in the one item, as earlier versions read it");
        KeyringDaemon.Result all = keyring.run("secret-tool", "search", "--all", "service", "tokentray");
        String items = all.out() + all.err();
        assertEquals(1, items.lines().filter(l -> l.startsWith("attribute.account = ")).count(), items);

        String earlier = "{\"AccessKeyId\":\"ASIAWRITTENBEFORE001\",\"SecretAccessKey\":\"old/secret\","
                + "\"SessionToken\":\"old+token\",\"Expiration\":\"2030-01-02T03:04:05Z\",\"ExpiresAt\":1893553445}";
        KeyringDaemon.Result stored = keyring.runWithInput(earlier, "secret-tool", "store", "--label", "tokentray",
                "service", "tokentray", "account", "profile:earlier");
        assertEquals(0, stored.exit(), stored.err());
        assertEquals("ASIAWRITTENBEFORE001 old/secret old+token 2030-01-02T03:04:05Z\n",
                ok(ChildJvm.run(SessionCacheMain.class, env, "", "get", "profile:earlier")).out());
    }

    /**
     * The Secret Service matches attribute values "via case-sensitive string equality" (its
     * specification, Lookup Attributes), so its account is the key itself and profiles Dev and
     * dev keep two items with no escaping: shown on the real daemon, through java-keyring and
     * secret-tool.
     */
    @Test
    void profilesThatDifferOnlyInCaseAreTwoItems() {
        Map<String, String> env = env("secret-service");
        ok(ChildJvm.run(SessionCacheMain.class, env, "ASIALOWERCASEDEV0001 s t 2030-01-02T03:04:05Z", "put", "profile:dev"));
        ok(ChildJvm.run(SessionCacheMain.class, env, "ASIAUPPERCASEDEV0002 s t 2030-01-02T03:04:05Z", "put", "profile:Dev"));
        assertEquals("ASIALOWERCASEDEV0001 s t 2030-01-02T03:04:05Z\n",
                ok(ChildJvm.run(SessionCacheMain.class, env, "", "get", "profile:dev")).out());
        assertTrue(keyring.secretTool("lookup", "service", "tokentray", "account", "profile:Dev")
                .contains("\"AccessKeyId\":\"ASIAUPPERCASEDEV0002\""));
        assertEquals(1, keyring.run("secret-tool", "lookup", "service", "tokentray", "account", "profile:DEV").exit(),
                "no item for a third spelling");
    }
}
