package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Main;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.ChildJvm;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent protocol's answers beyond a session, line by line as a client sends them: "pass"
 * (nothing here, nobody to ask), "forget" (a session was cleared or replaced elsewhere) and
 * "yield" (the tray starts and takes the agent's place).
 */
class AgentOpsTest {
    @TempDir
    Path tmp;

    private static Session session(String id) {
        return new Session(id, "secret", "token", Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS));
    }

    /** One request line over the agent's socket, and the reply line ("" when the agent hung up). */
    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                    .readLine();
            return line == null ? "" : line;
        }
    }

    private static String keyOf(String reply) {
        String marker = "\"AccessKeyId\":\"";
        int from = reply.indexOf(marker);
        return from < 0 ? reply : reply.substring(from + marker.length(), reply.indexOf('"', from + marker.length()));
    }

    /**
     * An agent whose source has nothing for a profile (the headless agent: nothing fresh in the
     * cache, and no dialog to raise) passes: the shim then does the work itself, as if no agent
     * ran, instead of saying the profile is locked.
     */
    @Test
    void aSourceWithNothingPassesAndTheShimDoesTheWorkItself() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile dev]\nregion = eu-west-1\n");
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey("dev"), session("ASIAFROMTHEFILECACHE"));
        Path socket = home.tokentrayHome().resolve("agent/agent.sock");
        try (AgentServer agent = new AgentServer(socket, profile -> null, Clock.systemUTC())) {
            assertEquals("{\"Status\":\"pass\"}", exchange(socket, "{\"Op\":\"session\",\"Profile\":\"dev\"}"));
            Run run = ChildJvm.run(Main.class, home.envMap(), "", "credential-process", "dev");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().startsWith("{\"Version\":1,\"AccessKeyId\":\"ASIAFROMTHEFILECACHE\","), run.toString());
        }
    }

    /** "forget" drops one profile's session, or every one: the next caller gets what the source has now. */
    @Test
    void forgetDropsWhatTheAgentHolds() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        AtomicInteger asked = new AtomicInteger();
        try (AgentServer agent = new AgentServer(socket, profile -> session("ASIA" + profile.toUpperCase() + "-"
                + asked.incrementAndGet()), Clock.systemUTC())) {
            String dev = "{\"Op\":\"session\",\"Profile\":\"dev\"}";
            String ops = "{\"Op\":\"session\",\"Profile\":\"ops\"}";
            assertEquals("ASIADEV-1", keyOf(exchange(socket, dev)));
            assertEquals("ASIAOPS-2", keyOf(exchange(socket, ops)));
            assertEquals("ASIADEV-1", keyOf(exchange(socket, dev)), "from memory");

            assertEquals("{\"Status\":\"ok\"}", exchange(socket, "{\"Op\":\"forget\",\"Profile\":\"dev\"}"));
            assertEquals("ASIADEV-3", keyOf(exchange(socket, dev)), "dev was forgotten");
            assertEquals("ASIAOPS-2", keyOf(exchange(socket, ops)), "ops was not");

            assertEquals("{\"Status\":\"ok\"}", exchange(socket, "{\"Op\":\"forget\"}"));
            assertEquals("ASIADEV-4", keyOf(exchange(socket, dev)), "every profile was forgotten");
            assertEquals("ASIAOPS-5", keyOf(exchange(socket, ops)));
        }
    }

    /**
     * A session the source read before a forget came (another process replaced it in the cache
     * meanwhile) goes to the callers waiting for it, but is not kept: the next caller asks again.
     */
    @Test
    void aSessionReadBeforeAForgetIsNotKept() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch forgotten = new CountDownLatch(1);
        try (AgentServer agent = new AgentServer(socket, profile -> {
            if (asked.incrementAndGet() == 1) {
                reading.countDown();
                await(forgotten);
                return session("ASIAREADBEFORETHEFOR");
            }
            return session("ASIANEWINTHECACHE001");
        }, Clock.systemUTC())) {
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange(socket, "{\"Op\":\"session\",\"Profile\":\"dev\"}");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            assertEquals("{\"Status\":\"ok\"}", exchange(socket, "{\"Op\":\"forget\",\"Profile\":\"dev\"}"));
            forgotten.countDown();
            assertEquals("ASIAREADBEFORETHEFOR", keyOf(waiting.get(10, TimeUnit.SECONDS)), "the waiting caller's answer");
            assertEquals("ASIANEWINTHECACHE001", keyOf(exchange(socket, "{\"Op\":\"session\",\"Profile\":\"dev\"}")),
                    "not kept: the next caller gets the source's session of now");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tray's agent refuses to step aside; an agent that may (the headless one) says ok, then goes. */
    @Test
    void theTraysAgentRefusesToYieldAndTheHeadlessOneStepsAside() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        try (AgentServer tray = new AgentServer(socket, profile -> session("ASIATRAYTRAYTRAYTRAY"), Clock.systemUTC())) {
            String refused = exchange(socket, "{\"Op\":\"yield\"}");
            assertTrue(refused.startsWith("{\"Status\":\"error\",\"Message\":\"tokentray's tray is running"), refused);
            assertEquals("ASIATRAYTRAYTRAYTRAY", keyOf(exchange(socket, "{\"Op\":\"session\",\"Profile\":\"dev\"}")),
                    "and answers on");
        }
        CountDownLatch asked = new CountDownLatch(1);
        try (AgentServer headless = new AgentServer(socket, profile -> null, Clock.systemUTC())) {
            headless.stepAsideOn(asked::countDown);
            assertEquals("{\"Status\":\"ok\"}", exchange(socket, "{\"Op\":\"yield\"}"));
            assertTrue(asked.await(5, TimeUnit.SECONDS), "the headless agent was told to go");
        }
    }

    /**
     * The tray's start: a tray already running keeps the agent directory, and the second one is
     * told so at once; a headless agent is asked to step aside, and the tray gets the lock.
     */
    @Test
    void theTrayTakesTheLockFromAHeadlessAgentButNotFromAnotherTray() throws Exception {
        Path dir = tmp.resolve("agent");
        Path socket = AgentProtocol.socket(dir);
        try (AgentServer tray = new AgentServer(socket, profile -> session("ASIATRAYTRAYTRAYTRAY"), Clock.systemUTC())) {
            long start = System.nanoTime();
            dev.tokentray.TokentrayException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.tokentray.TokentrayException.class, () -> AgentLock.takeOver(dir, Duration.ofSeconds(5)));
            assertEquals("tokentray's tray is already running (it holds " + AgentProtocol.lock(dir)
                    + "); use its icon, or quit it first", e.getMessage());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000, "at once, not after the 5 s");
        }
        AgentServer headless = new AgentServer(socket, profile -> null, Clock.systemUTC());
        headless.stepAsideOn(() -> new Thread(() -> {
            try {
                headless.close();
            } catch (IOException ignored) {
                // closed already
            }
        }).start());
        try (AgentLock taken = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> AgentLock.takeOver(dir, Duration.ofSeconds(5)))) {
            assertEquals(dir, taken.dir());
        } finally {
            headless.close();
        }
    }

    /**
     * A caller still waiting when its agent steps aside is not left waiting on the next one: the
     * agent that goes answers it "no answer" (it then asks the new agent, or the cache) before the
     * new agent holds the directory, where the caller could no longer tell its agent was gone.
     */
    @Test
    void aCallerWaitingOnAnAgentThatStepsAsideIsNotStranded() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        CountDownLatch asked = new CountDownLatch(1);
        AgentServer first = new AgentServer(socket, profile -> {
            asked.countDown();
            // A source that takes long and does not stop when interrupted (a person at a dialog).
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    // keeps waiting
                }
            }
            return session("ASIATOOLATE000000001");
        }, Clock.systemUTC());
        CompletableFuture<AgentClient.Answer> waiting = CompletableFuture.supplyAsync(() -> AgentClient.session(socket, "dev"));
        try {
            assertTrue(asked.await(10, TimeUnit.SECONDS));
        } finally {
            first.close();
        }
        try (AgentServer next = new AgentServer(socket, profile -> session("ASIATHENEXTAGENT0001"), Clock.systemUTC())) {
            AgentClient.Answer answer = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> waiting.get());
            assertTrue(answer == null || "ASIATHENEXTAGENT0001".equals(answer.session().accessKeyId()), String.valueOf(answer));
        }
    }
}
