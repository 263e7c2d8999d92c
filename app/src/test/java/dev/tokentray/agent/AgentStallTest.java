package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.testing.SlowClients;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a client does to the agent (same user: the directory keeps others out) stalls the next
 * shim or grows the agent without bound: connections held open, a request sent a piece at a
 * time, reply pipes taken and abandoned, half a request line left in the request pipe, many
 * different profiles asked.
 */
class AgentStallTest {
    private static final String KEY = "ASIAAGENTSTALL000001";

    @TempDir
    Path tmp;

    private static Session session() {
        return new Session(KEY, "secret", "token", Instant.now().plus(Duration.ofHours(1)));
    }

    /** One request over the socket, as the CLI's fallback sends it; the reply line. */
    private static String askOverSocket(Path socket, String profile) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap(("{\"Op\":\"session\",\"Profile\":\"" + profile + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return AgentProtocol.readLine(new BufferedInputStream(Channels.newInputStream(channel)), AgentProtocol.MAX_REPLY);
        }
    }

    private static Map<String, Object> request(String profile) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Op", AgentProtocol.OP_SESSION);
        request.put("Profile", profile);
        return request;
    }

    @Test
    void idleAndSlowClientsNeitherStallTheAgentNorCostAThreadEach() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        try (AgentServer agent = new AgentServer(socket, profile -> session(), Clock.systemUTC())) {
            int threadsBefore = SlowClients.threads();
            try (SlowClients slow = new SlowClients(UnixDomainSocketAddress.of(socket))) {
                slow.idle(1500);
                slow.trickle("{\"Op\":\"sess", "i", Duration.ofSeconds(2));
                Thread.sleep(300);

                long start = System.nanoTime();
                String reply = askOverSocket(socket, "admin");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(reply != null && reply.contains(KEY), String.valueOf(reply));
                assertTrue(millis < 1000, "answered in " + millis + " ms while 1,500 connections idle");
                int threads = SlowClients.threads();
                assertTrue(threads <= threadsBefore + 16, "threads: " + threadsBefore + " before, " + threads
                        + " with 1,501 connections held");
                assertFalse(slow.trickleClosedWithin(Duration.ZERO), "the slow client was still trickling meanwhile");
                assertTrue(slow.trickleClosedWithin(Duration.ofSeconds(20)), "the slow client is cut off at the deadline");
            }
        }
    }

    @Test
    void answeredProfilesLeaveNothingBehind() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        try (AgentServer agent = new AgentServer(socket, profile -> {
            throw new TokentrayException("profile '" + profile.substring(0, 8) + "…' is unknown");
        }, Clock.systemUTC())) {
            String padding = "x".repeat(4000);
            for (int i = 0; i < 300; i++) {
                String reply = askOverSocket(socket, "unknown-" + i + padding);
                assertTrue(reply != null && reply.contains("\"Status\":\"error\""), String.valueOf(reply));
            }
            assertEquals(0, agent.inFlight(), "profiles in flight once every request is answered");
        }
    }

    /**
     * 48 shims killed between taking a reply pipe and asking (the pool's size): the pipes come back
     * to the pool, and the next shim is answered over the pipes again, not the slower socket.
     */
    @Test
    void abandonedReplyPipesComeBackToThePool() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        Path dir = socket.getParent();
        try (AgentServer agent = new AgentServer(socket, profile -> session(), Clock.systemUTC())) {
            for (Path reply : list(AgentProtocol.freeReplies(dir))) {
                Files.move(reply, AgentProtocol.takenReplies(dir).resolve(reply.getFileName()));
            }
            assertEquals(List.of(), list(AgentProtocol.freeReplies(dir)));
            Files.delete(socket); // only the pipes are left to answer

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (list(AgentProtocol.freeReplies(dir)).size() < FifoListener.POOL
                    || !list(AgentProtocol.takenReplies(dir)).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the pool is refilled: free "
                        + list(AgentProtocol.freeReplies(dir)).size() + ", taken " + list(AgentProtocol.takenReplies(dir)).size());
                Thread.sleep(100);
            }
            AgentClient.Answer answer = AgentClient.session(socket, "admin");
            assertTrue(answer != null && answer.ok(), String.valueOf(answer));
            assertEquals(KEY, answer.session().accessKeyId());
        }
    }

    /** A writer that stopped mid-line (or wrote junk longer than any request) costs the next shim nothing. */
    @Test
    void halfARequestLineInThePipeDoesNotDelayTheNextClient() throws Exception {
        Path socket = tmp.resolve("agent/agent.sock");
        Path dir = socket.getParent();
        try (AgentServer agent = new AgentServer(socket, profile -> session(), Clock.systemUTC())) {
            for (String junk : List.of("{\"Op\":\"session\",\"Prof", "x".repeat(AgentProtocol.MAX_FIFO_REQUEST + 100))) {
                try (RandomAccessFile requests = new RandomAccessFile(AgentProtocol.requests(dir).toFile(), "rw")) {
                    requests.write(junk.getBytes(StandardCharsets.UTF_8));
                }
                long start = System.nanoTime();
                String answer = FifoAgentClient.exchange(dir, request("admin"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertNotNull(answer, "answered over the pipes after " + junk.length() + " bytes of junk");
                assertTrue(answer.contains(KEY), answer);
                assertTrue(millis < 1000, "answered in " + millis + " ms after " + junk.length() + " bytes of junk");
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
