package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Main;
import dev.tokentray.cache.Session;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Another user cannot reach the socket: the 0700 directory stops them. */
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
            List<String> asNobody = List.of(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups");
            Run control = TestHome.process(concat(asNobody, List.of("ls", open.toString())), "", System.getenv());
            assertEquals(0, control.exit(), "nobody can see the parent: " + control);
            Run attempt = TestHome.process(concat(asNobody, List.of(python, "-c", connect, socket.toString())), "",
                    System.getenv());
            assertNotEquals(0, attempt.exit(), attempt.toString());
            assertTrue(attempt.err().contains("PermissionError"), attempt.err());
            Run self = TestHome.process(List.of(python, "-c", connect, socket.toString()), "", System.getenv());
            assertEquals("connected\n", self.out(), "the owner connects: " + self);
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
