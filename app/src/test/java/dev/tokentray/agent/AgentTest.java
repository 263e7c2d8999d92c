package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Main;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.fs.Fifos;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.TimedRun;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentTest {
    @TempDir
    Path tmp;

    private static Session session(String id) {
        return new Session(id, "secret", "token", Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void thirtyTwoWaitingCallersShareOneUnlock() throws Exception {
        AtomicInteger unlocks = new AtomicInteger();
        Path socket = tmp.resolve("home/agent/agent.sock");
        try (AgentServer agent = new AgentServer(socket, profile -> {
            unlocks.incrementAndGet();
            sleep(300); // a person typing into the unlock dialog
            return session("ASIAAGENTAGENTAGENT1");
        }, Clock.systemUTC())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<AgentClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                answers.add(pool.submit(() -> AgentClient.session(socket, "admin")));
            }
            for (Future<AgentClient.Answer> f : answers) {
                AgentClient.Answer a = f.get();
                assertTrue(a.ok(), String.valueOf(a));
                assertEquals("ASIAAGENTAGENTAGENT1", a.session().accessKeyId());
            }
            pool.shutdown();
            assertEquals(1, unlocks.get(), "one dialog for 32 callers");
            AgentClient.session(socket, "admin");
            assertEquals(1, unlocks.get(), "later callers are answered from memory");
        }
        assertNull(AgentClient.session(socket, "admin"), "no agent after close");
    }

    @Test
    void aProfileNobodyUnlockedIsReportedLocked() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        try (AgentServer agent = new AgentServer(socket, profile -> {
            throw new NeedsUserException(profile + " is locked");
        }, Clock.systemUTC())) {
            AgentClient.Answer a = AgentClient.session(socket, "admin");
            assertTrue(a.locked(), String.valueOf(a));
        }
    }

    /** Another user cannot reach the socket or the request pipe: the 0700 directory stops them. */
    @Test
    void anotherUserIsRefused() throws Exception {
        Path open = Files.createTempDirectory(Path.of("/tmp"), "tokentray-agent-");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = open.resolve("agent/agent.sock");
        String setpriv = Peers.require("setpriv", "apt-get install util-linux").toString();
        String python = "/usr/bin/python3";
        String connect = "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\nprint('connected')";
        try (AgentServer agent = new AgentServer(socket, profile -> session("ASIAX0000000000000000"),
                Clock.systemUTC())) {
            // The agent closed its home (the directory holding agent/) too; opened again here, to
            // show that the 0700 agent directory alone keeps another user out.
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> asNobody = List.of(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups");
            Run control = TestHome.process(concat(asNobody, List.of("ls", open.toString())), "", System.getenv());
            assertEquals(0, control.exit(), "nobody can see the parent: " + control);
            Run attempt = TestHome.process(concat(asNobody, List.of(python, "-c", connect, socket.toString())), "",
                    System.getenv());
            assertNotEquals(0, attempt.exit(), attempt.toString());
            assertTrue(attempt.err().contains("PermissionError"), attempt.err());
            Run self = TestHome.process(List.of(python, "-c", connect, socket.toString()), "", System.getenv());
            assertEquals("connected\n", self.out(), "the owner connects: " + self);
            String ask = "import sys\nopen(sys.argv[1], 'wb').write(b'{}\\n')\nprint('written')";
            Path requests = AgentProtocol.requests(socket.getParent());
            Run pipe = TestHome.process(concat(asNobody, List.of(python, "-c", ask, requests.toString())), "",
                    System.getenv());
            assertNotEquals(0, pipe.exit(), pipe.toString());
            assertTrue(pipe.err().contains("PermissionError"), pipe.err());
        } finally {
            try (var files = Files.walk(open)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The shim asks the agent first, and falls back to the cache when no agent runs. */
    @Test
    void theShimAnswersFromTheAgent() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile admin]\nrole_arn = arn:aws:iam::1:role/x\n"
                + "source_profile = admin\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        Path socket = home.tokentrayHome().resolve("agent/agent.sock");
        try (AgentServer agent = new AgentServer(socket, profile -> session("ASIAFROMTHEAGENT0001"),
                Clock.systemUTC())) {
            Run run = ChildJvm.run(Main.class, home.envMap(), "", "credential-process", "admin");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIAFROMTHEAGENT0001\","), run.out());
        }
        try (AgentServer agent = new AgentServer(socket, profile -> {
            throw new NeedsUserException("locked");
        }, Clock.systemUTC())) {
            Run run = ChildJvm.run(Main.class, home.envMap(), "", "credential-process", "admin");
            assertEquals(1, run.exit());
            assertEquals("", run.out());
            assertEquals("tokentray: admin is locked: unlock it in the tray or run `tokentray unlock admin`\n", run.err());
        }
    }

    /**
     * On Linux the agent also listens on named pipes, which a shim opens like files (the JDK's
     * first Unix-socket channel costs it ~35 ms): a pool of owner-only reply FIFOs, refilled after
     * each request, all gone when the agent stops.
     */
    @Test
    void theAgentAnswersOverNamedPipes() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        Path dir = socket.getParent();
        try (AgentServer agent = new AgentServer(socket, profile -> session("ASIAOVERTHEPIPES0001"),
                Clock.systemUTC())) {
            assertTrue(isFifo(AgentProtocol.requests(dir)));
            assertEquals("rw-------", permissions(AgentProtocol.requests(dir)));
            List<Path> free = list(AgentProtocol.freeReplies(dir));
            assertEquals(FifoListener.POOL, free.size());
            for (Path reply : free) {
                assertTrue(isFifo(reply), reply.toString());
                assertEquals("rw-------", permissions(reply));
            }
            Files.delete(socket); // only the pipes are left to answer
            for (int i = 0; i < 3; i++) {
                AgentClient.Answer a = AgentClient.session(socket, "admin");
                assertTrue(a != null && a.ok(), String.valueOf(a));
                assertEquals("ASIAOVERTHEPIPES0001", a.session().accessKeyId());
            }
            awaitTrue(() -> list(AgentProtocol.freeReplies(dir)).size() == FifoListener.POOL, "the pool is refilled");
            assertEquals(List.of(), list(AgentProtocol.takenReplies(dir)), "answered replies are unlinked");
        }
        assertFalse(Files.exists(AgentProtocol.requests(dir)));
        assertEquals(List.of(), list(AgentProtocol.freeReplies(dir)));
        AgentLock.acquire(dir).close(); // and the lock is free again
    }

    /** When every reply pipe is taken (a burst of callers beyond the pool), the socket answers. */
    @Test
    void withNoFreeReplyPipeTheSocketAnswers() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        Path elsewhere = Files.createDirectory(tmp.resolve("taken-by-others"));
        try (AgentServer agent = new AgentServer(socket, profile -> session("ASIAOVERTHESOCKET001"),
                Clock.systemUTC())) {
            for (Path reply : list(AgentProtocol.freeReplies(socket.getParent()))) {
                Files.move(reply, elsewhere.resolve(reply.getFileName()));
            }
            AgentClient.Answer a = AgentClient.session(socket, "admin");
            assertTrue(a != null && a.ok(), String.valueOf(a));
            assertEquals("ASIAOVERTHESOCKET001", a.session().accessKeyId());
        }
    }

    /**
     * A request the agent never reads (the pipe was lost on the way) does not hang its client:
     * the reply FIFO is still unclaimed after two seconds, so the client gives up on the pipes
     * (and its caller asks the socket, then the cache).
     */
    @Test
    void aRequestTheAgentNeverPicksUpDoesNotHangTheClient() throws Exception {
        Path dir = tmp.resolve("agent");
        try (AgentLock alive = AgentLock.acquire(dir)) { // a live agent, as far as a client can tell
            Fifos.make(AgentProtocol.requests(dir)); // whose request pipe nobody reads
            Files.createDirectories(AgentProtocol.freeReplies(dir));
            Files.createDirectories(AgentProtocol.takenReplies(dir));
            Fifos.make(AgentProtocol.freeReplies(dir).resolve("0123456789abcdef0123456789abcdef"));
            String answer = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> FifoAgentClient.exchange(dir, Map.of("Op", "session", "Profile", "admin")));
            assertNull(answer);
            assertEquals(List.of(), list(AgentProtocol.takenReplies(dir)), "the client removed its reply FIFO");
        }
    }

    /**
     * A shim waiting on an agent that dies (the tray crashed while its unlock dialog was open)
     * does not hang: it sees the agent's lock go within half a second, answers from the cache, and
     * removes the dead agent's request pipe, so the next shim goes straight to the cache. A second
     * agent cannot start while one runs; after a crash it can, and it serves again.
     *
     * <p>Each of three shims, asking for three profiles one after another (so each is at another
     * point of its 500-ms wait when the agent dies), answers within {@link #NOTICES_DEAD_AGENT} of the kill: the client looks at the
     * agent's lock every 500 ms, then asks the dead socket (refused at once), reads the file cache
     * and prints. On the 2-core machine with other builds running (load average up to 13) the
     * shims answered 74 to 578 ms after the kill over seven runs; the other 400 ms are room for a
     * machine loaded harder still. Looking every 1.5 s instead failed this in 3 runs of 3.
     */
    @Test
    void aShimWaitingOnAnAgentThatDiesAnswersFromTheCache() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile admin]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = x\n");
        SessionCache cache = new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")));
        Map<String, String> cached = Map.of("admin", "ASIAFROMTHEFILECACHE", "ops", "ASIAOPSFROMTHECACHE1",
                "dev", "ASIADEVFROMTHECACHE1");
        cached.forEach((profile, id) -> cache.put(SessionCache.profileKey(profile), session(id)));
        Path dir = home.tokentrayHome().resolve("agent");
        String fromCache = "{\"Version\":1,\"AccessKeyId\":\"ASIAFROMTHEFILECACHE\",";

        try (ManagedProcess agent = agentProcess(home, dir, "hang")) {
            TokentrayException second = assertThrows(TokentrayException.class,
                    () -> new AgentServer(AgentProtocol.socket(dir), profile -> session("ASIAX"), Clock.systemUTC()));
            assertEquals("tokentray's tray is already running (it holds " + AgentProtocol.lock(dir)
                    + "); use its icon, or quit it first", second.getMessage());
            Map<String, TimedRun> shims = new TreeMap<>();
            for (String profile : cached.keySet()) {
                shims.put(profile, new TimedRun(List.of(Project.java().toString(), "-cp", Project.testClasspath(),
                        Main.class.getName(), "credential-process", profile), home.envMap(), tmp));
                awaitTrue(() -> agent.logText().contains("asked " + profile + "\n"), "the agent got the request: " + agent);
            }
            long killed = System.nanoTime();
            agent.process().destroyForcibly();
            Map<String, Long> noticedMillis = new TreeMap<>();
            for (Map.Entry<String, TimedRun> shim : shims.entrySet()) {
                TimedRun.Answer answer = shim.getValue().await();
                assertEquals(0, answer.exit(), answer.toString());
                assertTrue(answer.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"" + cached.get(shim.getKey()) + "\","),
                        answer.toString());
                noticedMillis.put(shim.getKey(), TimeUnit.NANOSECONDS.toMillis(answer.printedAt() - killed));
            }
            for (long millis : noticedMillis.values()) {
                assertTrue(millis <= NOTICES_DEAD_AGENT.toMillis(), "each shim answers within " + NOTICES_DEAD_AGENT
                        + " of the agent's death; ms from the kill: " + noticedMillis);
            }
        }
        assertFalse(Files.exists(AgentProtocol.requests(dir)), "the dead agent's request pipe is removed");

        try (ManagedProcess agent = agentProcess(home, dir, "answer")) {
            agent.process().destroyForcibly().waitFor(); // killed before anyone asked: its pipes stay
        }
        assertTrue(isFifo(AgentProtocol.requests(dir)));
        Run stale = ChildJvm.run(Main.class, home.envMap(), "", "credential-process", "admin");
        assertEquals(0, stale.exit(), stale.toString());
        assertTrue(stale.out().startsWith(fromCache), stale.out());
        assertFalse(Files.exists(AgentProtocol.requests(dir)));

        try (ManagedProcess agent = agentProcess(home, dir, "answer")) {
            Run run = ChildJvm.run(Main.class, home.envMap(), "", "credential-process", "admin");
            assertTrue(run.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIAFROMCHILDAGENT01\","),
                    run + " " + agent.logText());
        }
    }

    /** The README's half second, and room for a loaded CI machine (see aShimWaitingOnAnAgentThatDiesAnswersFromTheCache). */
    private static final Duration NOTICES_DEAD_AGENT = Duration.ofSeconds(1);

    private static ManagedProcess agentProcess(TestHome home, Path dir, String mode) {
        ManagedProcess agent = ManagedProcess.start("agent", List.of(Project.java().toString(), "-cp",
                Project.testClasspath(), AgentMain.class.getName(), dir.toString(), mode), home.envMap(), null);
        awaitTrue(() -> agent.logText().contains("ready"), "the agent starts: " + agent);
        return agent;
    }

    private static boolean isFifo(Path path) throws java.io.IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
    }

    private static String permissions(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    /** A condition that may take a moment (another thread or process); polled, never slept on blindly. */
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (!check.holds()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting: " + what);
                }
                Thread.sleep(20);
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(what, e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
