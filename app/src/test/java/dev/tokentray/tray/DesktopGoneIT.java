package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.VirtualDesktop;
import dev.tokentray.testing.XfcePanel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tokentray tray` where the desktop is missing or goes away: no display, a display with nothing
 * there, one that accepts and never answers (each one line and exit 1 within 2 s, where it used
 * to hang without a word), and an X server killed under the running tray, as a logout does (it
 * used to end in a SIGSEGV with an hs_err_pid file in the working directory, or silently).
 */
class DesktopGoneIT {
    private static final Duration NO_DISPLAY_LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    @BeforeAll
    static void warmUp() {
        // The first bin/tokentray after a build records its class-data archive (seconds): not here.
        TestHome.Run version = TestHome.process(List.of(Project.root().resolve("bin/tokentray").toString(), "--version"),
                "", Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("java.io.tmpdir")));
        assertEquals(0, version.exit(), version.toString());
    }

    private TestHome home() {
        return new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n"
                + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
    }

    /**
     * Starts the tray in an empty working directory of its own, where a JVM crash would leave its
     * file; without DISPLAY in {@code env}, none is inherited either (nor a Wayland one).
     */
    private ManagedProcess tray(Map<String, String> env, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        List<String> command = new ArrayList<>(List.of("env", "-u", "WAYLAND_DISPLAY"));
        if (!env.containsKey("DISPLAY")) {
            command.addAll(List.of("-u", "DISPLAY"));
        }
        command.addAll(List.of(Project.root().resolve("bin/tokentray").toString(), "tray"));
        return ManagedProcess.start("tray", command, env, workDir);
    }

    /** Runs the tray with {@code display} (null: none) and expects one line and exit 1 within 2 s. */
    private String refusedQuickly(String display, String... fragments) throws Exception {
        Map<String, String> env = new HashMap<>(home().envMap());
        env.put("NO_AT_BRIDGE", "1");
        if (display != null) {
            env.put("DISPLAY", display);
        }
        long start = System.nanoTime();
        try (ManagedProcess tray = tray(env, tmp.resolve("work"))) {
            boolean ended = tray.process().waitFor(10, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(ended, "tokentray tray with DISPLAY=" + display + " still runs after 10 s: " + tray.logText());
            assertTrue(took.compareTo(NO_DISPLAY_LIMIT) < 0, "took " + took.toMillis() + " ms: " + tray.logText());
            assertEquals(1, tray.process().exitValue(), tray.logText());
            String log = tray.logText();
            assertEquals(1, log.lines().count(), log);
            for (String fragment : fragments) {
                assertTrue(log.contains(fragment), "'" + fragment + "' in: " + log);
            }
            return log;
        }
    }

    @Test
    void withoutADisplayTheTraySaysSoAtOnce() throws Exception {
        refusedQuickly(null, "DISPLAY is not set", "tokentray --help");
    }

    @Test
    void aDisplayWithNothingThereIsOneLine() throws Exception {
        String display = ":" + freeDisplayNumber();
        refusedQuickly(display, "the X display " + display + " does not answer");
    }

    @Test
    void aLocalDisplayThatAcceptsButNeverAnswersIsOneLine() throws Exception {
        int number = freeDisplayNumber();
        Path socket = Path.of("/tmp/.X11-unix/X" + number);
        Files.createDirectories(socket.getParent());
        List<SocketChannel> held = new CopyOnWriteArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = acceptForever(() -> held.add(server.accept()));
            refusedQuickly(":" + number, "does not answer");
            assertFalse(held.isEmpty(), "the tray never connected to the silent server");
            acceptor.interrupt();
        } finally {
            Files.deleteIfExists(socket);
            for (SocketChannel c : held) {
                c.close();
            }
        }
    }

    @Test
    void aTcpDisplayThatAcceptsButNeverAnswersIsOneLine() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            assertTrue(port > 6000, "X displays start at TCP port 6000; got " + port);
            acceptForever(() -> held.add(server.accept()));
            refusedQuickly("127.0.0.1:" + (port - 6000), "does not answer");
            assertFalse(held.isEmpty(), "the tray never connected to the silent server");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void whenTheXServerGoesAwayUnderTheTrayIconItEndsCleanly() throws Exception {
        endsCleanlyWhenTheXServerGoesAway(true, "JavaEmbeddedFrame", 8, 8);
    }

    @Test
    void whenTheXServerGoesAwayUnderTheTrayWindowItEndsCleanly() throws Exception {
        endsCleanlyWhenTheXServerGoesAway(false, "\"tokentray\"", 100, 50);
    }

    private void endsCleanlyWhenTheXServerGoesAway(boolean withTrayHost, String window, int width, int height)
            throws Exception {
        VirtualDesktop desktop = new VirtualDesktop(withTrayHost);
        desktop.beforeAll(null);
        TestHome home = home();
        Path workDir = tmp.resolve("work");
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        try (ManagedProcess tray = tray(env, workDir)) {
            desktop.awaitWindow(window, width, height, Duration.ofSeconds(60));
            Path socket = home.tokentrayHome().resolve("agent/agent.sock");
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(socket), "the agent listens: " + tray.logText());

            desktop.stopXServer();
            String log = endedOnItsDisplaysLoss(tray, workDir, env.get("DISPLAY"));
            assertFalse(Files.exists(socket), "the agent's socket was removed: " + log);
        } finally {
            desktop.afterAll(null);
        }
    }

    /**
     * A logout as a session manager does it: SIGTERM to the tray, then the X server ends a moment
     * later, while the JVM is shutting down. The toolkits' own shutdown hooks and libc's exit
     * handlers then waited for ever on the dead connection (3 of 3 runs by hand, 50-200 ms apart),
     * and the tray lived on after the session. It must end, as on any SIGTERM, having closed its
     * agent.
     */
    @Test
    void aSigtermWithTheXServerEndingJustAfterEndsTheTray() throws Exception {
        for (long gapMillis : new long[] {50, 150}) {
            VirtualDesktop desktop = new VirtualDesktop(false);
            desktop.beforeAll(null);
            TestHome home = new TestHome(tmp.resolve("gap-" + gapMillis)).config("[profile dev]\nregion = eu-west-1\n");
            Path workDir = tmp.resolve("work-" + gapMillis);
            Map<String, String> env = new HashMap<>(home.envMap());
            env.putAll(desktop.env());
            try (ManagedProcess tray = tray(env, workDir)) {
                desktop.awaitWindow("\"tokentray\"", 100, 50, Duration.ofSeconds(60));
                Path socket = home.tokentrayHome().resolve("agent/agent.sock");
                for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(socket), "the agent listens: " + tray.logText());
                // Settled, as a tray that has run a while is (a SIGTERM in its first second did not hang).
                Thread.sleep(2000);

                tray.process().toHandle().destroy();
                Thread.sleep(gapMillis);
                desktop.stopXServer();
                assertTrue(tray.process().waitFor(20, TimeUnit.SECONDS), "the tray still runs " + gapMillis
                        + " ms after SIGTERM and its X server's end: " + tray.logText());
                String log = tray.logText();
                assertFalse(log.contains("SIGSEGV") || log.contains("fatal error"), log);
                try (Stream<Path> left = Files.list(workDir)) {
                    assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "crash files: " + log);
                }
                // 143 for the SIGTERM, or 1 (with its line) when the display's loss was seen first.
                int exit = tray.process().exitValue();
                assertTrue(exit == 143 || exit == 1 && log.contains("went away (a logout?)"), "exit " + exit + ": " + log);
                assertFalse(Files.exists(socket), "the agent's socket was removed: " + log);
            } finally {
                desktop.afterAll(null);
            }
        }
    }

    /**
     * A tray that began as a StatusNotifierItem (AWT's toolkit not started) and moved to an XEmbed
     * tray when its panel went: AWT's toolkit, starting then, put its own handler for a lost X
     * connection over the tray's, so a logout after that ended the tray the old way.
     */
    @Test
    void whenTheXServerGoesAwayAfterTheIconMovedFromAPanelToAnXembedTrayItEndsCleanly() throws Exception {
        VirtualDesktop desktop = new VirtualDesktop(false);
        desktop.beforeAll(null);
        try (XfcePanel panel = XfcePanel.start(tmp.resolve("panel"), desktop.env())) {
            TestHome home = home();
            Path workDir = tmp.resolve("work");
            Map<String, String> env = new HashMap<>(home.envMap());
            env.putAll(desktop.env());
            env.putAll(panel.busEnv());
            try (ManagedProcess tray = tray(env, workDir)) {
                for (int i = 0; i < 300 && !panel.registeredItems().contains("StatusNotifierItem-"); i++) {
                    Thread.sleep(200);
                }
                assertTrue(panel.registeredItems().contains("StatusNotifierItem-"), "the tray is the panel's item: "
                        + tray.logText());
                panel.stop();
                try (ManagedProcess trayer = ManagedProcess.start("trayer", List.of("trayer", "--edge", "bottom",
                        "--SetDockType", "true"), desktop.env(), null)) {
                    desktop.awaitWindow("JavaEmbeddedFrame", 8, 8,
                            FollowingTrayBackend.SNI_GRACE.plusSeconds(TrayApp.TICK_SECONDS + 15));
                    desktop.stopXServer();
                    endedOnItsDisplaysLoss(tray, workDir, env.get("DISPLAY"));
                }
            }
        } finally {
            desktop.afterAll(null);
        }
    }

    /**
     * Waits for the tray to end after its X server went, and checks it ended as it should then: no
     * JVM crash (nor its file in the working directory), exit 1 and the line that says why. Its log.
     */
    private static String endedOnItsDisplaysLoss(ManagedProcess tray, Path workDir, String display) throws Exception {
        assertTrue(tray.process().waitFor(20, TimeUnit.SECONDS), "the tray still runs without its X server: "
                + tray.logText());
        String log = tray.logText();
        assertFalse(log.contains("SIGSEGV") || log.contains("fatal error"), log);
        try (Stream<Path> left = Files.list(workDir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "crash files: " + log);
        }
        assertTrue(log.contains("tokentray: the display " + display + " went away (a logout?), so the tray stopped"), log);
        assertEquals(1, tray.process().exitValue(), log);
        return log;
    }

    /** A display number no X server uses: neither its socket file nor its abstract twin exists. */
    private static int freeDisplayNumber() throws IOException {
        String sockets = Files.readString(Path.of("/proc/net/unix"));
        while (true) {
            int n = ThreadLocalRandom.current().nextInt(1000, 60_000);
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))
                    && !sockets.contains("/tmp/.X11-unix/X" + n + "\n")) {
                return n;
            }
        }
    }

    private interface Accept {
        void once() throws IOException;
    }

    /** Accepts connections on a daemon thread and never answers them. */
    private static Thread acceptForever(Accept accept) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    accept.once();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-x-server");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
