package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.HomeProcesses;
import dev.tokentray.testing.MfaWorld;
import dev.tokentray.testing.PcscStack;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.Totp;
import dev.tokentray.testing.VirtualDesktop;
import dev.tokentray.testing.VirtualOathCard;
import dev.tokentray.testing.Watch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tokentray credential-process` called with no terminal (as an IDE, a GUI git client or terraform
 * started from one calls it) on a desktop, the tray not running: it starts the tray and waits on
 * its unlock dialog, every concurrent caller on the same one. Real processes through bin/tokentray,
 * each in a session of its own (setsid: no controlling terminal, so no /dev/tty) with its stdin at
 * its end; a real tray on Xvfb with trayer; STS is moto behind the code-checking proxy.
 */
class NoTerminalUnlockIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();
    @RegisterExtension
    static MfaWorld world = new MfaWorld("admin");
    @RegisterExtension
    static PcscStack pcsc = new PcscStack();

    private static final String DIALOG = "\"Unlock admin — tokentray\"";
    private static final Pattern RUN_OF_KEY_ID = Pattern.compile("\"AccessKeyId\":\"(ASIA[A-Z0-9]+)\"");

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeAll
    static void warmUp() {
        // The first bin/tokentray after a build records its class-data archive (seconds): not in a test.
        Run version = TestHome.process(List.of(bin(), "--version"), "", Map.of("PATH", System.getenv("PATH"),
                "HOME", System.getProperty("java.io.tmpdir")));
        assertEquals(0, version.exit(), version.toString());
    }

    @BeforeEach
    void setUp() {
        home = world.home(tmp).setAll(pcsc.env()).config("[profile alice]\nmfa_serial = " + world.serial + "\n"
                + "[profile admin]\nrole_arn = " + MfaWorld.roleArn("admin") + "\nsource_profile = alice\n");
        world.addKeys(home, "alice");
        // The person at the dialog types the password: none in the environment.
        home.set("TOKENTRAY_VAULT_PASSWORD", null);
    }

    /** Whatever tray a failed test left behind; a passing test has stopped its own. */
    @AfterEach
    void stopLeftoverTrays() {
        HomeProcesses.stop(home.tokentrayHome(), "tray");
        HomeProcesses.stop(home.tokentrayHome(), "agent");
        pcsc.remove();
    }

    private static String bin() {
        return Project.root().resolve("bin/tokentray").toString();
    }

    /** This home's environment on the virtual desktop. */
    private Map<String, String> onTheDesktop() {
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(desktop.env());
        return env;
    }

    /** `tokentray credential-process PROFILE` in a session of its own: no controlling terminal. */
    private static Run withoutTerminal(Map<String, String> env, String profile) {
        String setsid = Peers.require("setsid", "apt-get install util-linux").toString();
        return TestHome.process(List.of(setsid, "-w", bin(), "credential-process", profile), "", env);
    }

    /**
     * {@code n} callers of admin without a terminal on the desktop, once they all wait on one tray's
     * dialog; the trays and the dialog's windows seen from before they started. Closing it stops
     * the callers still running.
     */
    private final class WaitingCallers implements AutoCloseable {
        final Watch<Long> trays = HomeProcesses.watch(home.tokentrayHome(), "tray");
        final Watch<String> dialogs = windows(DIALOG);
        final ExecutorService pool;
        final List<Future<Run>> callers = new ArrayList<>();
        /** The dialog's line in the window tree (xwininfo), once drawn full size. */
        final String dialog;
        /** The pid of the tray they wait on. */
        final long tray;

        WaitingCallers(int n) throws Exception {
            Map<String, String> env = onTheDesktop();
            pool = Executors.newFixedThreadPool(n);
            try {
                for (int i = 0; i < n; i++) {
                    callers.add(pool.submit(() -> withoutTerminal(env, "admin")));
                }
                dialog = awaitDialog(callers);
                tray = awaitWaiting(trays, n);
            } catch (Exception | AssertionError e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            pool.shutdownNow();
            dialogs.close();
            trays.close();
        }
    }

    @Test
    void eightCallersWithoutATerminalStartOneTrayAndAllWaitOnItsOneDialog() throws Exception {
        try (WaitingCallers waiting = new WaitingCallers(8)) {
            int[] at = VirtualDesktop.origin(waiting.dialog);
            desktop.awaitDrawnWindow(DIALOG, 100, 50, "issue15-unlock-dialog-for-a-caller-without-a-terminal",
                    Duration.ofSeconds(20));
            String code = typePasswordAndCode(at);
            assertEquals(1, keyIds(waiting.callers, "").size(), "every caller got the same session");
            assertEquals(1, world.proxy.calls("GetSessionToken"), "one MFA session for all the callers");
            assertEquals(1, world.proxy.calls("AssumeRole"), "one role session for all the callers");
            assertEquals(List.of(code), world.proxy.acceptedCodes(), "one code, the one typed");
            assertEquals(Set.of(waiting.tray), waiting.trays.seen(), "one tray started by eight callers");
            assertEquals(1, waiting.dialogs.seen().size(), "one dialog over the whole wait: " + waiting.dialogs.seen());
            assertTrue(ProcessHandle.of(waiting.tray).map(ProcessHandle::isAlive).orElse(false),
                    "the tray runs on after answering");
        }
        assertEquals(1, HomeProcesses.stop(home.tokentrayHome(), "tray"), "the tray is stopped by the test");
    }

    /**
     * As a user's machine has it: the headless agent runs (a shim started it earlier) and has
     * nothing for the profile, so it passes; the callers start the tray, which takes the agent's
     * place, and they wait on its one dialog.
     */
    @Test
    void withTheHeadlessAgentRunningTheTrayTakesItsPlaceAndShowsTheDialog() throws Exception {
        home.set("TOKENTRAY_AGENT", null);
        // A call with no desktop starts the headless agent and ends with today's line.
        Run first = withoutTerminal(home.envMap(), "admin");
        assertEquals("tokentray: admin is locked: run `tokentray unlock admin`\n", first.err(), first.toString());
        long agent = awaitOne(home.tokentrayHome(), "agent");
        try (WaitingCallers waiting = new WaitingCallers(3)) {
            // It let go of the agent's lock before the tray's agent listened; its JVM ends just after.
            ProcessHandle.of(agent).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            String code = typePasswordAndCode(VirtualDesktop.origin(waiting.dialog));
            assertEquals(1, keyIds(waiting.callers, "").size(), "every caller got the same session");
            assertEquals(List.of(code), world.proxy.acceptedCodes(), "one code, the one typed");
            assertEquals(Set.of(waiting.tray), waiting.trays.seen(), "one tray");
            assertEquals(1, waiting.dialogs.seen().size(), "one dialog: " + waiting.dialogs.seen());
            assertEquals(List.of(), HomeProcesses.running(home.tokentrayHome(), "agent"), "no headless agent beside the tray");
        }
        assertEquals(1, HomeProcesses.stop(home.tokentrayHome(), "tray"), "the tray is stopped by the test");
    }

    /**
     * Types the vault password and the current code into the dialog at {@code at}: no window
     * manager gives focus, so a click into the password field (the first) first, then Tab to the
     * code. Returns the code typed.
     */
    private String typePasswordAndCode(int[] at) {
        desktop.click(at[0] + 250, at[1] + 105, 1);
        desktop.type("vault-pw");
        desktop.key("Tab");
        String code = world.proxy.currentCode(world.serial);
        desktop.type(code);
        desktop.key("Return");
        return code;
    }

    /** The AccessKeyIds the callers printed, each having exited 0 with only the credential_process JSON. */
    private static Set<String> keyIds(List<Future<Run>> callers, String context) throws Exception {
        Set<String> keyIds = new TreeSet<>();
        for (Future<Run> caller : callers) {
            Run run = caller.get(120, TimeUnit.SECONDS);
            assertEquals(0, run.exit(), run + context);
            assertEquals("", run.err(), run + context);
            assertTrue(run.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIA"), run.toString());
            Matcher id = RUN_OF_KEY_ID.matcher(run.out());
            assertTrue(id.find(), run.out());
            keyIds.add(id.group(1));
        }
        return keyIds;
    }

    /** The pid of the one process running {@code command} for this home, once it runs. */
    private static long awaitOne(Path tokentrayHome, String command) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> running = HomeProcesses.running(tokentrayHome, command);
            if (running.size() == 1) {
                return running.get(0).pid();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no single `" + command + "` process for " + tokentrayHome + " after 60 s");
    }

    @Test
    void aDialogClosedWithoutUnlockingIsOneLineForEveryCaller() throws Exception {
        try (WaitingCallers waiting = new WaitingCallers(2)) {
            int[] at = VirtualDesktop.origin(waiting.dialog);
            desktop.click(at[0] + 250, at[1] + 105, 1);
            desktop.key("Escape");
            for (Future<Run> caller : waiting.callers) {
                Run run = caller.get(60, TimeUnit.SECONDS);
                assertEquals(1, run.exit(), run.toString());
                assertEquals("", run.out(), run.toString());
                assertEquals("tokentray: admin is still locked: the tray's unlock dialog closed without unlocking it;"
                        + " unlock it from the tray's menu, or run `tokentray unlock admin` in a terminal\n", run.err());
            }
            assertEquals(0, world.proxy.calls("GetSessionToken") + world.proxy.calls("AssumeRole"), "nothing reached STS: "
                    + world.proxy.requests());
        }
        assertEquals(1, HomeProcesses.stop(home.tokentrayHome(), "tray"), "the tray is stopped by the test");
    }

    /**
     * The tray the caller started dies with its dialog open (SIGKILL: a crash says no goodbye): the
     * caller, which had handed its request over, ends with one line instead of starting another tray.
     */
    @Test
    void aTrayThatDiesWithTheDialogOpenIsOneLine() throws Exception {
        try (WaitingCallers waiting = new WaitingCallers(1)) {
            // Someone reads the dialog for a while before the crash.
            Thread.sleep(6000);
            ProcessHandle.of(waiting.tray).ifPresent(ProcessHandle::destroyForcibly);
            Run run = waiting.callers.get(0).get(60, TimeUnit.SECONDS);
            assertEquals(1, run.exit(), run.toString());
            assertEquals("tokentray: admin is still locked: the tray quit before it was unlocked; run `tokentray unlock"
                    + " admin` in a terminal, or start the tray again\n", run.err());
            Thread.sleep(1000);
            assertEquals(Set.of(waiting.tray), waiting.trays.seen(), "no second tray was started");
        }
    }

    @Test
    void withoutADesktopItIsTodaysLineAtOnceAndNoTrayStarts() throws Exception {
        // A long tray-start bound: a caller that waited for a tray would show in the time it took.
        home.set("TOKENTRAY_JAVA_OPTS", "-Dtokentray.trayStartSeconds=60");
        try (Watch<Long> trays = HomeProcesses.watch(home.tokentrayHome(), "tray")) {
            long start = System.nanoTime();
            Run run = withoutTerminal(home.envMap(), "admin");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(1, run.exit(), run.toString());
            assertEquals("tokentray: admin is locked: run `tokentray unlock admin`\n", run.err());
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took.toMillis() + " ms");
            Thread.sleep(1000);
            assertEquals(Set.of(), trays.seen(), "no tray started without a desktop");
        }
    }

    /**
     * A tray that cannot come up (its display accepts the connection and never answers, so it
     * exits with one line in its own output, which a background start discards): the caller waits
     * the tray-start bound (4 s here, by the test knob), then says so in one line.
     */
    @Test
    void aTrayThatDoesNotStartEndsTheWaitWithOneLine() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Watch<Long> trays = HomeProcesses.watch(home.tokentrayHome(), "tray")) {
            assertTrue(silent.getLocalPort() > 6000, "X displays start at TCP port 6000");
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> env = onTheDesktop();
            env.put("DISPLAY", "127.0.0.1:" + (silent.getLocalPort() - 6000));
            env.put("TOKENTRAY_JAVA_OPTS", "-Dtokentray.trayStartSeconds=4");
            long start = System.nanoTime();
            Run run = withoutTerminal(env, "admin");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(1, run.exit(), run.toString());
            assertEquals("tokentray: admin is locked and the tray did not start within 4 s: run `tokentray unlock admin`"
                    + " in a terminal, or `tokentray tray` to see why\n", run.err());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) >= 0, "waited the bound: " + took.toMillis() + " ms");
            assertEquals(1, trays.seen().size(), "one tray was started: " + trays.seen());
            assertTrue(!held.isEmpty(), "the tray tried the display");
            Instant gone = Instant.now().plusSeconds(10);
            while (!HomeProcesses.running(home.tokentrayHome(), "tray").isEmpty() && Instant.now().isBefore(gone)) {
                Thread.sleep(100);
            }
            assertEquals(0, HomeProcesses.stop(home.tokentrayHome(), "tray"), "the tray that could not start has exited");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * A YubiKey profile: the dialog the callers wait on reads the key at once and asks for the
     * touch (the virtual card reports a CALCULATE waiting for one); the password typed and the key
     * touched, the key's code is the one STS gets, and every caller gets the session.
     */
    @Test
    void withAYubikeyTheDialogReadsTheKeyAndWaitsForTheTouch() throws Exception {
        home.config("[profile alice]\nmfa_serial = " + world.serial + "\nyubikey_serial = 12345678\n"
                + "[profile admin]\nrole_arn = " + MfaWorld.roleArn("admin") + "\nsource_profile = alice\n");
        String account = "Amazon Web Services:alice@" + world.serial.split(":")[4];
        VirtualOathCard card = new VirtualOathCard("12345678").touchTotp(account, world.seed, "HmacSHA1", 6);
        pcsc.insert(card);
        try (WaitingCallers waiting = new WaitingCallers(3)) {
            card.awaitTouchWait(Duration.ofSeconds(60));
            int[] at = VirtualDesktop.origin(waiting.dialog);
            desktop.click(at[0] + 250, at[1] + 105, 1);
            desktop.type("vault-pw");
            desktop.awaitDrawnWindow(DIALOG, 100, 50, "issue15-unlock-dialog-yubikey-for-a-caller-without-a-terminal",
                    Duration.ofSeconds(20));
            assertEquals(0, world.proxy.calls("GetSessionToken"), "nothing is sent to STS before the touch");
            card.touch();
            assertEquals(1, keyIds(waiting.callers, "\nthe key:\n" + card.eventLog()).size(), "every caller got the same session");
            assertEquals(1, world.proxy.calls("GetSessionToken"));
            List<VirtualOathCard.Event> calculates = card.commands(0xA2);
            assertEquals(1, calculates.size(), "the key was asked once:\n" + card.eventLog());
            // The key's code is for the moment the tray sent CALCULATE (the card saw it within a second).
            long asked = calculates.get(0).at().getEpochSecond();
            assertEquals(1, world.proxy.acceptedCodes().size(), "one code: " + world.proxy.requests());
            assertTrue(List.of(Totp.code(world.seed, asked), Totp.code(world.seed, asked - 1))
                    .contains(world.proxy.acceptedCodes().get(0)), "the key's code reached STS: " + world.proxy.requests());
        }
        assertEquals(1, HomeProcesses.stop(home.tokentrayHome(), "tray"), "the tray is stopped by the test");
    }

    /**
     * The dialog's window, once drawn full size; a caller that ends first (today's "locked" line)
     * fails the wait at once with what it printed.
     */
    private static String awaitDialog(List<Future<Run>> callers) throws Exception {
        Instant until = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(until)) {
            for (Future<Run> caller : callers) {
                if (caller.isDone()) {
                    throw new AssertionError("a caller ended before any dialog showed:\n" + caller.get());
                }
            }
            try {
                return desktop.awaitWindow(DIALOG, 100, 50, Duration.ofSeconds(1));
            } catch (AssertionError notYet) {
                // looked again below
            }
        }
        throw new AssertionError("no unlock dialog within 90 s");
    }

    /**
     * Waits until {@code n} callers wait on a tray and returns that tray's pid: each caller holds a
     * reply pipe that the agent opened (and unlinked) as it read the request, or a connection to its
     * socket (which a caller uses when it finds the socket there before the pipes), so from then on
     * only the dialog can answer it. A caller still starting up when the dialog is answered would
     * get the session from memory and prove nothing about waiting.
     */
    private long awaitWaiting(Watch<Long> trays, int n) throws Exception {
        Instant until = Instant.now().plusSeconds(90);
        long waiting = 0;
        while (Instant.now().isBefore(until)) {
            for (long tray : trays.seen()) {
                waiting = waitingOn(tray);
                if (waiting >= n) {
                    return tray;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(waiting + " of " + n + " callers wait on a tray after 90 s; trays seen: " + trays.seen());
    }

    /** How many callers wait on the tray with pid {@code tray} (0 once it has exited). */
    private long waitingOn(long tray) throws IOException {
        Path taken = home.tokentrayHome().resolve("agent/replies/taken");
        String socket = home.tokentrayHome().resolve("agent/agent.sock").toString();
        Set<String> pipes = new HashSet<>();
        try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(tray), "fd"))) {
            for (Path fd : open.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(taken + "/") && target.endsWith(" (deleted)")) {
                        pipes.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // not a pipe of a waiting caller
                }
            }
        } catch (NoSuchFileException exited) {
            return 0;
        }
        // The agent's end of a connection carries the socket's path; state 03 is connected.
        long connections = Files.readAllLines(Path.of("/proc/net/unix")).stream()
                .map(line -> line.strip().split("\\s+"))
                .filter(f -> f.length == 8 && f[5].equals("03") && f[7].equals(socket)).count();
        return pipes.size() + connections;
    }

    /** The X windows whose line in the window tree holds {@code name} (by window id), looked for every 250 ms. */
    private static Watch<String> windows(String name) {
        return new Watch<>("windows " + name, Duration.ofMillis(250), () -> Stream.of(
                TestHome.process(List.of("xwininfo", "-root", "-tree"), "", desktop.env()).out().split("\n"))
                .filter(line -> line.contains(name)).map(line -> line.strip().split("\\s+")[0]).toList());
    }
}
