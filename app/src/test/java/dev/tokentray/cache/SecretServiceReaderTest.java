package dev.tokentray.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.SessionBus;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim's Secret Service reader against a real gnome-keyring-daemon on a private session bus:
 * it finds what java-keyring and secret-tool store, and says "no such item" or "cannot answer"
 * where it should.
 */
class SecretServiceReaderTest {
    @RegisterExtension
    static KeyringDaemon keyring = new KeyringDaemon();

    @TempDir
    Path tmp;

    private SecretServiceReader reader() {
        return new SecretServiceReader(new Env(keyring.env()));
    }

    private void store(String account, String value) {
        KeyringDaemon.Result stored = keyring.runWithInput(value, "secret-tool", "store", "--label", "tokentray",
                "service", "tokentray", "account", account);
        assertEquals(0, stored.exit(), stored.err());
    }

    @Test
    void readsTheSessionJavaKeyringWrote() {
        Map<String, String> env = new HashMap<>(new TestHome(tmp).envMap());
        env.putAll(keyring.env());
        env.put("TOKENTRAY_KEYRING", "secret-service");
        Run put = ChildJvm.run(SessionCacheMain.class, env, "ASIAWRITTENBYJAVAKR1 sec/ret+1 tok=en 2030-01-02T03:04:05Z",
                "put", "profile:java-keyring");
        assertEquals(0, put.exit(), put.toString());

        char[] stored = reader().load("profile:java-keyring");
        assertEquals("{\"AccessKeyId\":\"ASIAWRITTENBYJAVAKR1\",\"SecretAccessKey\":\"sec/ret+1\",\"SessionToken\":"
                + "\"tok=en\",\"Expiration\":\"2030-01-02T03:04:05Z\",\"ExpiresAt\":1893553445}", new String(stored));
        Session session = new SessionCache(reader()).get("profile:java-keyring");
        assertEquals("ASIAWRITTENBYJAVAKR1", session.accessKeyId());
        assertEquals("sec/ret+1", session.secretAccessKey());
        assertEquals("tok=en", session.sessionToken());
        assertEquals(Instant.parse("2030-01-02T03:04:05Z"), session.expiration());
    }

    @Test
    void readsNonAsciiAndLongValuesAsStored() {
        String accents = "{\"note\":\"värde € 🔑 ß\"}";
        store("profile:accents", accents);
        assertEquals(accents, new String(reader().load("profile:accents")));

        String token = "IQoJb3JpZ2luX2Vj" + "T".repeat(2_984);
        assertEquals(3_000, token.length());
        store("profile:long", token);
        assertEquals(token, new String(reader().load("profile:long")));
    }

    @Test
    void anAbsentItemIsNoSuchItem() {
        assertNull(reader().load("profile:never-stored"));
        // Another service's item with the same account is not ours.
        KeyringDaemon.Result other = keyring.runWithInput("x", "secret-tool", "store", "--label", "other", "service",
                "not-tokentray", "account", "profile:other-service");
        assertEquals(0, other.exit(), other.err());
        assertNull(reader().load("profile:other-service"));
    }

    @Test
    void anItemInAnotherCollectionIsNotTheOneJavaKeyringReads() {
        KeyringDaemon.Result stored = keyring.runWithInput("{}", "secret-tool", "store", "--label", "tokentray",
                "--collection=/org/freedesktop/secrets/collection/session", "service", "tokentray", "account",
                "profile:elsewhere");
        assertEquals(0, stored.exit(), stored.err());
        assertNull(reader().load("profile:elsewhere"));
        Map<String, String> env = new HashMap<>(new TestHome(tmp).envMap());
        env.putAll(keyring.env());
        env.put("TOKENTRAY_KEYRING", "secret-service");
        Run get = ChildJvm.run(SessionCacheMain.class, env, "", "get", "profile:elsewhere");
        assertEquals("none\n", get.out(), "java-keyring does not see it either: " + get);
    }

    /**
     * Many shims at once (terraform starts one per provider) must not upset gnome-keyring. Its
     * version 42 registers a new client in an idle callback that does not always run before the
     * client's first call; OpenSession as a first call then aborts the daemon (a reader that
     * began with it brought gnome-keyring down within a few hundred parallel reads), and other
     * calls fail. The reader's first call needs no registration and is answered before the rest.
     */
    @Test
    void parallelReadsAllGetTheSecretAndLeaveGnomeKeyringStanding() throws Exception {
        store("profile:parallel", "parallel-value");
        int threads = 8;
        int reads = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < reads; i++) {
                        try {
                            char[] value = reader().load("profile:parallel");
                            if (value != null && new String(value).equals("parallel-value")) {
                                ok++;
                            }
                        } catch (KeyringException e) {
                            // counted as a read that did not get the secret
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : done) {
                ok += f.get(120, TimeUnit.SECONDS);
            }
            assertEquals(threads * reads, ok, "reads that got the secret");
        } finally {
            pool.shutdownNow();
        }
        assertEquals("parallel-value", keyring.secretTool("lookup", "service", "tokentray", "account",
                "profile:parallel"), "gnome-keyring still answers");
    }

    @Test
    void twoMatchingItemsAreLeftToJavaKeyring() {
        store("profile:twice", "one");
        // secret-tool replaces an item with the same attributes; an extra attribute makes a second.
        KeyringDaemon.Result second = keyring.runWithInput("two", "secret-tool", "store", "--label", "tokentray",
                "service", "tokentray", "account", "profile:twice", "extra", "1");
        assertEquals(0, second.exit(), second.err());
        KeyringException e = assertThrows(KeyringException.class, () -> reader().load("profile:twice"));
        assertTrue(e.getMessage().contains("2 items match"), e.getMessage());
    }

    @Test
    void storeAndDeleteAreNotItsJob() {
        assertThrows(UnsupportedOperationException.class, () -> reader().store("k", new char[] {'v'}));
        assertThrows(UnsupportedOperationException.class, () -> reader().delete("k"));
    }

    /**
     * A bus that could start a Secret Service on demand (D-Bus activation) but runs none: the read
     * is "cannot answer" (NameHasNoOwner) and starts nothing, as java-keyring, which checks the
     * running names first, starts nothing. The same bus does start it for a call that allows it.
     */
    @Test
    void aSecretServiceThatIsNotRunningIsNotStarted() throws Exception {
        Path marker = tmp.resolve("activated");
        Path script = tmp.resolve("start-secrets.sh");
        Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\n");
        script.toFile().setExecutable(true);
        Path services = Files.createDirectories(tmp.resolve("services"));
        Files.writeString(services.resolve("org.freedesktop.secrets.service"),
                "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=" + script + "\n");
        Path socket = tmp.resolve("bus");
        Path config = tmp.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <servicedir>%s</servicedir>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket, services));
        String dbus = Peers.require("dbus-daemon", "apt-get install dbus").toString();
        try (ManagedProcess daemon = ManagedProcess.start("dbus-activation", List.of(dbus, "--config-file=" + config,
                "--nofork"), Map.of("PATH", System.getenv("PATH")), tmp)) {
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(25);
            }
            SecretServiceReader reader = new SecretServiceReader(new Env(Map.of("DBUS_SESSION_BUS_ADDRESS",
                    "unix:path=" + socket)));
            KeyringException e = assertThrows(KeyringException.class, () -> reader.load("profile:dev"));
            // What the bus answers a call that may not start its destination.
            assertTrue(e.getMessage().contains("org.freedesktop.DBus.Error.NameHasNoOwner"), e.getMessage());
            assertTrue(e instanceof SecretServiceReader.Absent, "no Secret Service here");
            Thread.sleep(300);
            assertTrue(Files.notExists(marker), "the read started no Secret Service");

            Run activating = TestHome.process(List.of("dbus-send", "--bus=unix:path=" + socket, "--print-reply",
                    "--reply-timeout=3000", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets",
                    "org.freedesktop.DBus.Peer.Ping"), "", Map.of("PATH", System.getenv("PATH")));
            assertTrue(activating.exit() != 0, "nothing took the name: " + activating);
            assertTrue(Files.exists(marker), "this bus does activate it for a call that allows it: " + activating);
        }
    }

    /**
     * No bus, as java-keyring's dbus-java sees it, or no Secret Service on one: "not here" (which
     * auto takes for the file cache); a bus this reader cannot speak to is only "cannot answer".
     */
    @Test
    void withoutABusOrAServiceOnItThereIsNoKeyringHere() throws Exception {
        assertAbsent(Map.of(), "no session bus");
        assertAbsent(Map.of("XDG_RUNTIME_DIR", keyring.env().get("XDG_RUNTIME_DIR")), "no session bus");
        assertAbsent(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("none")), "no session bus at ");
        KeyringException x11 = assertThrows(KeyringException.class,
                () -> new SecretServiceReader(new Env(Map.of("DISPLAY", ":0"))).load("profile:dev"));
        assertFalse(x11 instanceof SecretServiceReader.Absent, "a bus dbus-launch started is java-keyring's to find");
        KeyringException abstractBus = assertThrows(KeyringException.class, () -> new SecretServiceReader(new Env(Map.of(
                "DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/dbus-test"))).load("profile:dev"));
        assertFalse(abstractBus instanceof SecretServiceReader.Absent, abstractBus.getMessage());
        assertTrue(abstractBus.getMessage().startsWith(SecretServiceReader.DISPLAY_NAME + " was not read directly ("),
                abstractBus.getMessage());
        // A bus with no Secret Service on it at all.
        try (SessionBus bare = SessionBus.start(Files.createDirectories(tmp.resolve("bare")),
                Map.of("PATH", System.getenv("PATH")))) {
            assertAbsent(bare.env(), "org.freedesktop.DBus.Error.NameHasNoOwner");
        }
    }

    private static void assertAbsent(Map<String, String> env, String why) {
        SecretServiceReader.Absent e = assertThrows(SecretServiceReader.Absent.class,
                () -> new SecretServiceReader(new Env(env)).load("profile:dev"));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
