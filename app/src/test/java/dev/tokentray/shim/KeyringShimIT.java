package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.cache.SessionCacheMain;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.KeyringDaemon;
import dev.tokentray.testing.SessionBus;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tokentray credential-process} with TOKENTRAY_KEYRING=secret-service against a real
 * gnome-keyring: a cached session is printed straight from the keyring item, whoever wrote it,
 * without java-keyring or any heavy library; every case the fast read does not answer ends as it
 * did before it existed, which {@code TOKENTRAY_KEYRING_READER=java-keyring} (the shim reading
 * through java-keyring, as it used to) shows side by side.
 */
class KeyringShimIT {
    @RegisterExtension
    static KeyringDaemon keyring = new KeyringDaemon();

    /** Package prefixes of the libraries a shim hit must not load. */
    static final Map<String, String> HEAVY = new LinkedHashMap<>();

    static {
        HEAVY.put("dbus-java", "org.freedesktop.dbus.");
        HEAVY.put("java-keyring", "com.github.javakeyring.");
        HEAVY.put("secret-service", "org.freedesktop.secret.");
        HEAVY.put("JNA", "com.sun.jna.");
        HEAVY.put("picocli", "picocli.");
        HEAVY.put("AWS SDK", "software.amazon.awssdk.");
        HEAVY.put("JavaFX", "javafx.");
    }

    private static final String NO_KEYS = "tokentray: profile 'dev' has no keys: run `tokentray add dev` or set"
            + " source_profile and role_arn\n";

    @TempDir
    Path tmp;

    private TestHome home;

    @BeforeEach
    void home() {
        home = new TestHome(tmp).setAll(keyring.env()).set("HOME", tmp.toString())
                .set("TOKENTRAY_KEYRING", "secret-service");
        home.config("[profile dev]\nregion = eu-west-1\n");
        // One keyring serves the class: no test sees another's session.
        KeyringDaemon.Result cleared = keyring.run("secret-tool", "clear", "service", "tokentray", "account",
                "profile:dev");
        assertTrue(cleared.exit() == 0 || cleared.exit() == 1, cleared.err());
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exit(), run.toString());
        return run;
    }

    @Test
    void aSessionJavaKeyringWroteIsPrintedWithoutJavaKeyringOrAnyHeavyLibrary() throws IOException {
        ok(ChildJvm.run(SessionCacheMain.class, home.envMap(), "ASIAKEYRINGSHIM00001 sec/ret+1 tok=en 2099-01-02T03:04:05Z",
                "put", "profile:dev"));
        Path log = tmp.resolve("classes.log");
        home.set("TOKENTRAY_JAVA_OPTS", "-Xlog:class+load:file=" + log);
        Run run = ok(home.binary("", "credential-process", "dev"));
        assertEquals("{\"Version\":1,\"AccessKeyId\":\"ASIAKEYRINGSHIM00001\",\"SecretAccessKey\":\"sec/ret+1\","
                + "\"SessionToken\":\"tok=en\",\"Expiration\":\"2099-01-02T03:04:05Z\"}\n", run.out());
        assertEquals("", run.err(), "nothing on stderr, the secret least of all");

        Map<String, String> loaded = loadedClasses(log);
        assertEquals(Map.of(), heavy(loaded), "heavy libraries loaded on a keyring hit");
        // The keyring read's own classes and the JDK's Unix socket come ready-made from the
        // shim's archive, which bin/tokentray recorded after the build.
        for (String name : List.of("dev.tokentray.cache.SecretServiceReader", "dev.tokentray.cache.dbus.BusConnection",
                "dev.tokentray.cache.dbus.Message", "sun.nio.ch.UnixDomainSockets", "sun.security.provider.Sun")) {
            assertEquals("shared objects file", loaded.get(name), name + " from the archive");
        }

        // The same with TOKENTRAY_KEYRING unset, as most will run it: auto, the Secret Service here.
        home.set("TOKENTRAY_KEYRING", null);
        assertEquals(run, ok(home.binary("", "credential-process", "dev")));
        Map<String, String> auto = loadedClasses(log);
        assertEquals(Map.of(), heavy(auto));
        for (Map.Entry<String, String> loadedClass : auto.entrySet()) {
            if (loadedClass.getKey().startsWith("dev.tokentray.")) {
                assertEquals("shared objects file", loadedClass.getValue(), loadedClass.getKey() + " from the archive");
            }
        }
    }

    @Test
    void aSessionSecretToolStoredIsPrintedWholeNonAsciiAndLongValuesIncluded() {
        String token = "IQoJb3JpZ2luX2Vj" + "T".repeat(2_984);
        String stored = "{\"AccessKeyId\":\"ASIASECRETTOOL000001\",\"SecretAccessKey\":\"s/é+1\",\"SessionToken\":\""
                + token + "\",\"Expiration\":\"2099-01-02T03:04:05Z\",\"ExpiresAt\":4071006245,"
                + "\"Renewal\":\"renouvelée à l’avance ✓\"}";
        KeyringDaemon.Result put = keyring.runWithInput(stored, "secret-tool", "store", "--label", "tokentray",
                "service", "tokentray", "account", "profile:dev");
        assertEquals(0, put.exit(), put.err());
        Run run = ok(home.binary("", "credential-process", "dev"));
        assertEquals("{\"Version\":1,\"AccessKeyId\":\"ASIASECRETTOOL000001\",\"SecretAccessKey\":\"s/é+1\","
                + "\"SessionToken\":\"" + token + "\",\"Expiration\":\"2099-01-02T03:04:05Z\"}\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void noSuchItemLeavesTheCallToTheFullCliAsBefore() {
        assertSameAsBefore(NO_KEYS);
    }

    @Test
    void withoutABusItSpeaksTheFullCliAnswersAsBefore() {
        home.set("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.resolve("no-bus"));
        assertSameAsBefore(NO_KEYS);
        home.set("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/tokentray-no-such-bus");
        assertSameAsBefore(NO_KEYS);
    }

    /**
     * A bus that accepts and never answers: the fast read gives up at its 2-s deadline and the
     * full CLI answers as before; java-keyring in the shim waited 10 s for its probe.
     */
    @Test
    void aBusThatNeverAnswersCostsTheDeadlineNotAHang() throws Exception {
        Path socket = tmp.resolve("silent-bus");
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            home.set("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + socket);
            long start = System.nanoTime();
            Run now = home.binary("", "credential-process", "dev");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(new Run(1, "", NO_KEYS), now);
            assertTrue(tookMillis >= 2_000 && tookMillis < 8_000, "gave up after the 2-s deadline: " + tookMillis + " ms");

            home.set("TOKENTRAY_KEYRING_READER", "java-keyring");
            long beforeStart = System.nanoTime();
            Run before = home.binary("", "credential-process", "dev");
            long beforeMillis = (System.nanoTime() - beforeStart) / 1_000_000;
            assertEquals(now, before, "the same answer as through java-keyring");
            assertTrue(beforeMillis >= 10_000, "java-keyring's probe waited its 10 s: " + beforeMillis + " ms");
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
    }

    /**
     * TOKENTRAY_KEYRING=auto (the default) where no Secret Service is there — no session bus, as
     * on a CI runner, or a bus without one — answers from the file cache, as the full CLI falls
     * back to it, and as fast as a file-cache hit.
     */
    @Test
    void autoWithoutASecretServiceServesTheFileCacheAsBefore() throws Exception {
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache"))).put(
                SessionCache.profileKey("dev"), new Session("ASIAFILECACHEAUTO001", "s", "t",
                        Instant.parse("2099-01-02T03:04:05Z")));
        String expected = "{\"Version\":1,\"AccessKeyId\":\"ASIAFILECACHEAUTO001\",\"SecretAccessKey\":\"s\","
                + "\"SessionToken\":\"t\",\"Expiration\":\"2099-01-02T03:04:05Z\"}\n";
        home.set("TOKENTRAY_KEYRING", null).set("DBUS_SESSION_BUS_ADDRESS", null).set("DISPLAY", null);
        Path log = tmp.resolve("classes.log");
        home.set("TOKENTRAY_JAVA_OPTS", "-Xlog:class+load:file=" + log);
        assertEquals(new Run(0, expected, ""), home.binary("", "credential-process", "dev"), "no session bus");
        Map<String, String> loaded = loadedClasses(log);
        assertEquals(Map.of(), heavy(loaded));
        assertFalse(loaded.containsKey("sun.nio.ch.UnixDomainSockets"), "no socket opened where there is no bus");
        home.set("TOKENTRAY_JAVA_OPTS", null);

        try (SessionBus bare = SessionBus.start(
                Files.createDirectories(tmp.resolve("bare")), Map.of("PATH", System.getenv("PATH")))) {
            home.setAll(bare.env());
            assertEquals(new Run(0, expected, ""), home.binary("", "credential-process", "dev"),
                    "a session bus without a Secret Service");
        }
    }

    /** The call ends as it does with the shim reading through java-keyring, and as {@code expectedErr} says. */
    private void assertSameAsBefore(String expectedErr) {
        home.set("TOKENTRAY_KEYRING_READER", null);
        Run now = home.binary("", "credential-process", "dev");
        home.set("TOKENTRAY_KEYRING_READER", "java-keyring");
        Run before = home.binary("", "credential-process", "dev");
        home.set("TOKENTRAY_KEYRING_READER", null);
        assertEquals(before, now, "the same answer as through java-keyring");
        assertEquals(new Run(1, "", expectedErr), now);
    }

    /** Every class a run logged with -Xlog:class+load, and where it came from. */
    static Map<String, String> loadedClasses(Path log) throws IOException {
        Pattern line = Pattern.compile("\\] (\\S+) source: (.*)$");
        Map<String, String> loaded = new LinkedHashMap<>();
        for (String l : Files.readAllLines(log)) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                loaded.put(m.group(1), m.group(2));
            }
        }
        assertTrue(loaded.size() > 300, "a class+load log: " + loaded.size() + " classes");
        return loaded;
    }

    /** How many classes of each heavy library were loaded, for those that were. */
    static Map<String, Long> heavy(Map<String, String> loaded) {
        Map<String, Long> found = new LinkedHashMap<>();
        for (Map.Entry<String, String> library : HEAVY.entrySet()) {
            long count = loaded.keySet().stream().filter(c -> c.startsWith(library.getValue())).count();
            if (count > 0) {
                found.put(library.getKey(), count);
            }
        }
        return found;
    }
}
