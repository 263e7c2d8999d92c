package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.core.Settings;
import dev.tokentray.testing.AgentReplies;
import dev.tokentray.testing.OtherUser;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless agent through the real bin/tokentray: a shim that finds no agent starts one in the
 * background (as gpg-agent starts on first use) and answers from the cache itself; the next shims
 * are answered from the agent's memory. Every agent a test starts is killed at its end
 * ({@link HeadlessAgents}).
 */
class HeadlessAgentIT {
    /** A cold JVM with the whole jar on a loaded 2-core machine: generous, it only bounds a failure. */
    private static final Duration START = Duration.ofSeconds(40);

    @TempDir
    Path tmp;

    private static Session session(String id) {
        return new Session(id, "secret", "token", Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    }

    /** A home whose shims may start the agent (TestHome switches it off for every other test). */
    private static TestHome agentOn(Path dir) {
        return new TestHome(dir).set("TOKENTRAY_AGENT", null).config("[profile dev]\nregion = eu-west-1\n");
    }

    private static SessionCache fileCache(TestHome home) {
        return new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
    }

    private static Run shim(TestHome home) {
        return home.binary("", "credential-process", "dev");
    }

    /** A run, and how long after its first byte on stdout the process exited. */
    private record TimedExit(Run run, long exitMillis) {
    }

    private static TimedExit timedShim(TestHome home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Project.root().resolve("bin/tokentray").toString(), "credential-process",
                "dev").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(home.envMap());
        Process shim = builder.start();
        try (InputStream in = shim.getInputStream()) {
            int first = in.read();
            long answeredAt = System.nanoTime();
            String out = first < 0 ? "" : (char) first + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(shim.waitFor(60, TimeUnit.SECONDS), "the shim exits");
            return new TimedExit(new Run(shim.exitValue(), out, ""), TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                    - answeredAt));
        } finally {
            shim.destroyForcibly();
        }
    }

    private static void assertServed(String accessKeyId, Run run, String why) {
        assertEquals(0, run.exit(), why + "\n" + run);
        assertTrue(run.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"" + accessKeyId + "\","), why + "\n" + run);
    }

    @Test
    void aColdShimStartsTheAgentAndTheNextShimsAreAnsweredFromItsMemory() throws Exception {
        TestHome home = agentOn(tmp);
        SessionCache cache = fileCache(home);
        cache.put(SessionCache.profileKey("dev"), session("ASIACACHEDFIRST00001"));
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            assertEquals(-1, agents.lockHolder(), "no agent before the first call");
            // Timed from its answer to its exit: it does not wait for the agent it started. If it did
            // (a started child that runs on), it would exit ~300 ms late: the JVM waits that long for
            // a thread blocked in native code, here the JDK's process reaper in waitpid.
            TimedExit cold = timedShim(home);
            assertServed("ASIACACHEDFIRST00001", cold.run(), "the cold shim answers from the cache itself");
            assertTrue(cold.exitMillis() < 200, "the cold shim exited " + cold.exitMillis() + " ms after its answer");
            long agent = agents.awaitListening(START, "the cold shim started the agent");
            String command = HeadlessAgents.commandLine(agent);
            assertTrue(command.contains("tokentray.jar") && command.endsWith(" agent"), command);

            assertServed("ASIACACHEDFIRST00001", shim(home), "the agent read the cache for the second shim");
            // From here on only the agent's memory holds ASIACACHEDFIRST00001: a shim answering from the
            // file cache by itself would print the other session.
            cache.put(SessionCache.profileKey("dev"), session("ASIAFILECACHENOW0001"));
            assertServed("ASIACACHEDFIRST00001", shim(home), "the third shim was answered from the agent's memory");
            assertEquals(agent, agents.lockHolder(), "the same agent still runs: the shims started no other");
            assertEquals(List.of(agent), agents.agentProcesses(), "one agent process for this home");
        }
    }

    /** Shims that all find no agent at once start one between them; any extra one bows out. */
    @Test
    void concurrentColdShimsLeaveOneAgent() throws Exception {
        TestHome home = agentOn(tmp);
        fileCache(home).put(SessionCache.profileKey("dev"), session("ASIACACHEDFIRST00001"));
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(pool.submit(() -> shim(home)));
            }
            for (Future<Run> run : runs) {
                assertServed("ASIACACHEDFIRST00001", run.get(), "each cold shim answers from the cache");
            }
            pool.shutdown();
            long agent = agents.awaitListening(START, "the cold shims started an agent");
            long end = System.nanoTime() + START.toNanos();
            while (agents.agentProcesses().size() > 1 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertEquals(List.of(agent), agents.agentProcesses(), "one agent is left, the one holding the lock");
        }
    }

    /** An agent killed with SIGKILL (no time to tidy up) costs the next call nothing, and that call starts a new one. */
    @Test
    void aKilledAgentIsReplacedByTheNextCall() throws Exception {
        TestHome home = agentOn(tmp);
        SessionCache cache = fileCache(home);
        cache.put(SessionCache.profileKey("dev"), session("ASIACACHEDFIRST00001"));
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            assertServed("ASIACACHEDFIRST00001", shim(home), "cold");
            long first = agents.awaitListening(START, "the cold shim started the agent");
            assertServed("ASIACACHEDFIRST00001", shim(home), "answered by the first agent");
            HeadlessAgents.kill(first);
            assertEquals(-1, agents.lockHolder(), "the kernel let go of the dead agent's lock");

            cache.put(SessionCache.profileKey("dev"), session("ASIAAFTERTHEKILL0001"));
            assertServed("ASIAAFTERTHEKILL0001", shim(home), "the call after the kill answers from the cache");
            long second = agents.awaitListening(START, "the call after the kill started a new agent");
            assertNotEquals(first, second);
            Run asked = AgentReplies.answeredOverTheAgentsPipes(agents.agentDir(), () -> shim(home));
            assertServed("ASIAAFTERTHEKILL0001", asked, "the new agent answers");
        }
    }

    /**
     * The agent exits by itself once it has held no fresh session for its idle time (2 s here,
     * through the test-only variable): not while the session it holds is fresh, and soon after it
     * is not. The session is one minute long with 30 s left, and one that short is served until a
     * quarter of its length (15 s) before its end: it is fresh for about 15 s from now.
     */
    @Test
    void itExitsOnceItHasHeldNoFreshSessionForItsIdleTime() throws Exception {
        TestHome home = agentOn(tmp).set("TOKENTRAY_AGENT_IDLE_SECONDS", "2");
        SessionCache cache = fileCache(home);
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            // First an agent that never gets a session: it goes after its idle time.
            Run none = shim(home);
            assertEquals("", none.out(), "no session anywhere yet: " + none);
            long idle = agents.awaitLockHolder(START, "the cold shim started the agent");
            assertTrue(HeadlessAgents.awaitExit(idle, Duration.ofSeconds(15)), "an agent holding nothing exits after 2 s");

            Instant expires = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
            Session shortOne = new Session("ASIASHORTSESSION0001", "s", "t", expires).made(Duration.ofMinutes(1), null,
                    null, null);
            Instant staleAt = expires.minusSeconds(15); // a quarter of a minute before its end
            cache.put(SessionCache.profileKey("dev"), shortOne);
            assertServed("ASIASHORTSESSION0001", shim(home), "cold, from the cache");
            long holding = agents.awaitListening(START, "the cold shim started an agent again");
            Run loaded = AgentReplies.answeredOverTheAgentsPipes(agents.agentDir(), () -> shim(home));
            assertServed("ASIASHORTSESSION0001", loaded, "the agent holds the session now");
            Instant loadedAt = Instant.now();
            assertTrue(loadedAt.plusSeconds(4).isBefore(staleAt), "the machine was too slow for this check: loaded at "
                    + loadedAt + ", stale at " + staleAt);
            Thread.sleep(3500); // longer than the idle time, while the session is fresh
            assertTrue(HeadlessAgents.alive(holding), "an agent holding a fresh session stays");
            assertTrue(HeadlessAgents.awaitExit(holding, Duration.between(Instant.now(), staleAt).plusSeconds(12)),
                    "it exits once the session it holds is stale (at " + staleAt + ") and 2 s more have passed");
            // The agent looks every half second (a quarter of its idle time), so it may have last seen
            // the session fresh half a second before it went stale.
            assertTrue(Instant.now().isAfter(staleAt.plusSeconds(1)), "not before: exited at " + Instant.now());
            assertEquals(-1, agents.lockHolder());
        }
    }

    /** TOKENTRAY_AGENT=off, and agent=off in the settings file (the Settings window's box), start none. */
    @Test
    void theVariableAndTheSettingStartNone() throws Exception {
        TestHome home = agentOn(tmp);
        fileCache(home).put(SessionCache.profileKey("dev"), session("ASIACACHEDFIRST00001"));
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            home.set("TOKENTRAY_AGENT", "off");
            assertServed("ASIACACHEDFIRST00001", shim(home), "the shim answers");
            // A started agent would be there the moment the shim returned: it is started before the shim answers.
            assertEquals(List.of(), agents.agentProcesses(), "TOKENTRAY_AGENT=off started none");

            home.set("TOKENTRAY_AGENT", null);
            Path settings = home.tokentrayHome().resolve(Settings.FILE_NAME);
            Files.writeString(settings, "agent=off\n");
            assertServed("ASIACACHEDFIRST00001", shim(home), "the shim answers");
            assertEquals(List.of(), agents.agentProcesses(), "agent=off in the settings started none");
            Thread.sleep(2000);
            assertEquals(-1, agents.lockHolder(), "and nothing took the lock later");

            // The control: with the setting back on, the same call starts one.
            Files.writeString(settings, "agent=on\n");
            assertServed("ASIACACHEDFIRST00001", shim(home), "the shim answers");
            agents.awaitLockHolder(START, "with the setting on the shim starts the agent");
        }
    }

    /**
     * Only this user's processes are answered, as by the tray's agent: the agent's directory is
     * owner-only, so another user can neither connect to its socket nor write into its request
     * pipe; and one handed the socket anyway (a hard link in a shared directory, the socket opened
     * to all) gets no answer, because the agent asks the kernel who connected.
     */
    @Test
    void anotherUserCannotUseIt() throws Exception {
        try (OtherUser other = new OtherUser()) {
            TestHome home = agentOn(Files.createDirectory(other.shared().resolve("victim")));
            fileCache(home).put(SessionCache.profileKey("dev"), session("ASIAVICTIMSSESSION01"));
            try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
                assertServed("ASIAVICTIMSSESSION01", shim(home), "cold");
                agents.awaitListening(START, "the cold shim started the agent");
                assertServed("ASIAVICTIMSSESSION01", shim(home), "the agent holds the session");
                Path dir = agents.agentDir();
                Path socket = AgentProtocol.socket(dir);
                assertEquals("rwx------", mode(home.tokentrayHome()));
                assertEquals("rwx------", mode(dir));
                assertEquals("rw-------", mode(socket));
                assertEquals("rw-------", mode(AgentProtocol.requests(dir)));

                String connect = String.join("\n", "import socket, sys",
                        "s = socket.socket(socket.AF_UNIX)",
                        "s.settimeout(10)",
                        "try:",
                        "    s.connect(sys.argv[1])",
                        "    s.sendall(b'{\"Op\":\"session\",\"Profile\":\"dev\"}\\n')",
                        "    print(repr(s.recv(65536)))",
                        "except PermissionError:",
                        "    print('refused')",
                        "except (BrokenPipeError, ConnectionResetError):",
                        "    print(repr(b''))",
                        "");
                String write = String.join("\n", "import sys",
                        "try:",
                        "    open(sys.argv[1], 'wb').write(b'{\"Op\":\"session\",\"Profile\":\"dev\"}\\n')",
                        "    print('written')",
                        "except PermissionError:",
                        "    print('refused')",
                        "");
                assertEquals("refused\n", other.run("/usr/bin/python3", "-c", connect, socket.toString()).out());
                assertEquals("refused\n", other.run("/usr/bin/python3", "-c", write,
                        AgentProtocol.requests(dir).toString()).out());

                Path link = Files.createLink(other.shared().resolve("reachable.sock"), socket);
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
                Run handedIn = other.run("/usr/bin/python3", "-c", connect, link.toString());
                assertEquals("b''\n", handedIn.out(), "another user reaching the socket gets no answer: " + handedIn);
                assertFalse(handedIn.out().contains("ASIAVICTIMSSESSION01"));
                assertServed("ASIAVICTIMSSESSION01", shim(home), "while the owner is answered");
            }
        }
    }

    /**
     * What the JVM loads (-Xlog:class+load, through TOKENTRAY_JAVA_OPTS, one log per process): a
     * shim answered by the headless agent loads nothing to start one (no ProcessBuilder, no
     * settings), nor picocli, the AWS SDK, JavaFX, dbus-java or JNA; the agent itself loads no
     * JavaFX, no AWT, no AWS SDK and no vault.
     */
    @Test
    void anAgentHitLoadsNothingNewAndTheAgentNoJavaFx() throws Exception {
        Path logs = Files.createDirectory(tmp.resolve("class-logs"));
        TestHome home = agentOn(tmp).set("TOKENTRAY_JAVA_OPTS", "-Xlog:class+load:file=" + logs + "/classes-%p.log");
        fileCache(home).put(SessionCache.profileKey("dev"), session("ASIACACHEDFIRST00001"));
        try (HeadlessAgents agents = new HeadlessAgents(home.tokentrayHome())) {
            assertServed("ASIACACHEDFIRST00001", shim(home), "cold");
            long agent = agents.awaitListening(START, "the cold shim started the agent");
            assertServed("ASIACACHEDFIRST00001", shim(home), "the agent loads the session");
            Set<Path> before = logFiles(logs);
            Run hit = AgentReplies.answeredOverTheAgentsPipes(agents.agentDir(), () -> shim(home));
            assertServed("ASIACACHEDFIRST00001", hit, "an agent hit");
            Set<Path> after = logFiles(logs);
            after.removeAll(before);
            assertEquals(1, after.size(), "one new JVM, the shim's: " + after);
            String shimClasses = Files.readString(after.iterator().next());
            for (String heavy : List.of("java.lang.ProcessBuilder ", "dev.tokentray.core.", "dev.tokentray.BackgroundProcess ",
                    "picocli.", "software.amazon.awssdk.", "javafx.", "org.freedesktop.dbus.", "com.sun.jna.")) {
                assertFalse(shimClasses.contains(heavy), "an agent hit loads no " + heavy.strip());
            }
            String agentClasses = Files.readString(logs.resolve("classes-" + agent + ".log"));
            assertTrue(agentClasses.contains("dev.tokentray.agent.AgentServer "), "the agent's own log");
            for (String heavy : List.of("javafx.", "java.awt.", "dev.tokentray.vault.Vault ", "software.amazon.awssdk.")) {
                assertFalse(agentClasses.contains(heavy), "the headless agent loads no " + heavy.strip());
            }
        }
    }

    private static Set<Path> logFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
