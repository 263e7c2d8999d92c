package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionJson;
import dev.tokentray.sts.NeedsUserException;
import dev.tokentray.testing.CorpusReplayed;
import dev.tokentray.testing.FuzzSeeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever a local process writes to the agent, against the agent: the line reader alone (checked
 * against a plain model of it), whole requests over the Unix socket to a running {@link
 * AgentServer}, and lines into its request pipe. The agent answers each socket request with one
 * line of JSON saying ok, locked or error, gives a session only to a well-formed request for a
 * profile it has (ok without a session only to a forget), and keeps answering the real client afterwards.
 */
@ExtendWith(CorpusReplayed.class)
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class AgentProtocolFuzzTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(5);
    private static final int SMALL_MAX = 64;
    private static Agent agent;

    /** One agent for the whole run, in a private directory; "admin" has a session, "locked" needs a person. */
    private static final class Agent {
        final Path dir;
        final Path socket;
        final AgentServer server;

        Agent() throws IOException {
            dir = Files.createTempDirectory("agent-fuzz", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            socket = dir.resolve("agent/agent.sock");
            Session session = new Session("ASIAQNZGKIQY2EXAMPLE", SECRET, "IQoJb3JpZ2luX2Vj//token",
                    Instant.now().plus(Duration.ofHours(12)));
            server = new AgentServer(socket, profile -> {
                if (profile.equals("admin")) {
                    return session;
                }
                if (profile.equals("locked")) {
                    throw new NeedsUserException(profile + " is locked");
                }
                throw new TokentrayException("profile '" + profile + "' is not in ~/.aws/config; run `tokentray list`");
            }, Clock.systemUTC());
        }
    }

    private static synchronized Agent agent() throws IOException {
        if (agent == null) {
            agent = new Agent();
        }
        return agent;
    }

    @AfterAll
    static synchronized void stopAgent() throws IOException {
        if (agent != null) {
            agent.server.close();
            agent = null;
        }
    }

    /** readLine against the model: split at '\n'; a part over the limit is ""; a last empty part is the end. */
    @FuzzTest
    void readLine(byte[] input) throws IOException {
        List<String> expected = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == '\n') {
                if (i == input.length && i == start) {
                    break;
                }
                expected.add(i - start > SMALL_MAX ? "" : new String(input, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        InputStream in = new BufferedInputStream(new ByteArrayInputStream(input));
        for (String line : expected) {
            assertEquals(line, AgentProtocol.readLine(in, SMALL_MAX));
        }
        assertNull(AgentProtocol.readLine(in, SMALL_MAX), "a line after the end");
    }

    @FuzzTest
    void socketRequest(byte[] input) throws IOException {
        Agent a = agent();
        byte[] reply = exchange(a.socket, input);
        if (reply.length > 0) {
            assertEquals('\n', reply[reply.length - 1], "the reply is not a whole line");
            String line = new String(reply, 0, reply.length - 1, StandardCharsets.UTF_8);
            assertFalse(line.contains("\n"), "more than one reply line");
            Map<String, Object> answer = SessionJson.read(line);
            Object status = answer.get("Status");
            assertTrue(Set.of("ok", "locked", "error").contains(status), "status " + status);
            boolean asked = askedForAdmin(input);
            assertEquals(asked, answer.containsKey("AccessKeyId"), "a session without a request for a profile with one: "
                    + line);
            // ok without a session: only a forget, which this agent (the tray's: it refuses yield) confirms.
            assertEquals(asked || firstLineOp(input).equals(AgentProtocol.OP_FORGET), "ok".equals(status), line);
            // An error may quote the profile asked for, which may be anything, the secret too.
            if (!new String(input, StandardCharsets.UTF_8).contains(SECRET)) {
                assertEquals(asked, line.contains(SECRET), "the secret where it does not belong");
            }
        }
        assertAgentStillAnswers(a);
    }

    /** A line (ended here: half lines are the agent's own matter) into the request pipe. */
    @FuzzTest
    void pipeRequest(byte[] input) throws IOException {
        Agent a = agent();
        Path requests = AgentProtocol.requests(a.socket.getParent());
        if (Files.exists(requests)) {
            try (RandomAccessFile out = new RandomAccessFile(requests.toFile(), "rw")) {
                byte[] line = new byte[Math.min(input.length, AgentProtocol.MAX_FIFO_REQUEST - 1) + 1];
                System.arraycopy(input, 0, line, 0, line.length - 1);
                line[line.length - 1] = '\n';
                out.write(line);
            }
        }
        assertAgentStillAnswers(a);
    }

    /** The Op of the socket request's first line when it is a request object, else "". */
    private static String firstLineOp(byte[] input) {
        int end = 0;
        while (end < input.length && input[end] != '\n') {
            end++;
        }
        try {
            Map<String, Object> request = SessionJson.read(new String(input, 0, end, StandardCharsets.UTF_8));
            Object profile = request.get("Profile");
            return request.get("Op") instanceof String op && (profile == null || profile instanceof String) ? op : "";
        } catch (IllegalArgumentException notJson) {
            return "";
        }
    }

    /** What the socket request's first line asks, as the agent should read it. */
    private static boolean askedForAdmin(byte[] input) {
        int end = 0;
        while (end < input.length && input[end] != '\n') {
            end++;
        }
        if (end > AgentProtocol.MAX_REQUEST) {
            return false;
        }
        try {
            Map<String, Object> request = SessionJson.read(new String(input, 0, end, StandardCharsets.UTF_8));
            return AgentProtocol.OP_SESSION.equals(request.get("Op")) && "admin".equals(request.get("Profile"));
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }

    private static void assertAgentStillAnswers(Agent a) {
        long started = System.nanoTime();
        AgentClient.Answer answer = AgentClient.session(a.socket, "admin");
        assertNotNull(answer, "the agent stopped answering");
        assertTrue(answer.ok(), String.valueOf(answer));
        assertTrue(System.nanoTime() - started < ANSWER_DEADLINE.toNanos(), "the agent took over " + ANSWER_DEADLINE);
    }

    /** Sends {@code request}, closes our side, and reads until the agent closes, within the deadline. */
    private static byte[] exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap(request);
            ByteBuffer in = ByteBuffer.allocate(8192);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + ANSWER_DEADLINE.toNanos();
            boolean shut = false;
            channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no whole answer within " + ANSWER_DEADLINE + " (got "
                            + reply.size() + " bytes)");
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (out.hasRemaining()) {
                    try {
                        channel.write(out);
                    } catch (IOException closedByAgent) {
                        out.position(out.limit()); // the agent stopped reading: what it read is the request
                    }
                }
                if (!out.hasRemaining() && !shut) {
                    try {
                        channel.shutdownOutput();
                    } catch (IOException closedByAgent) {
                        // same as above
                    }
                    shut = true;
                    channel.register(selector, SelectionKey.OP_READ);
                }
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException reset) {
                    return reply.toByteArray();
                }
                if (n < 0) {
                    return reply.toByteArray();
                }
                reply.write(in.array(), 0, in.position());
                in.clear();
                selector.selectedKeys().clear();
            }
        }
    }

    /** Writes requests as the shim and the tray's client write them (bench/fuzz --seeds). */
    public static void main(String[] args) throws IOException {
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String profile : new String[] {"admin", "locked", "nobody", "prod ops é"}) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("Op", AgentProtocol.OP_SESSION);
            r.put("Profile", profile);
            requests.add(r);
        }
        Map<String, Object> piped = new LinkedHashMap<>(requests.get(0));
        piped.put("Reply", "0123456789abcdef0123456789abcdef");
        for (int i = 0; i < requests.size(); i++) {
            String line = SessionJson.write(requests.get(i)) + "\n";
            FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "request-" + i, line);
            FuzzSeeds.write(AgentProtocolFuzzTest.class, "readLine", "request-" + i, line + line);
        }
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "two-requests",
                SessionJson.write(requests.get(1)) + "\n" + SessionJson.write(requests.get(0)) + "\n");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "no-newline", SessionJson.write(requests.get(0)));
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "unknown-op", "{\"Op\":\"list\"}\n");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "forget-one", "{\"Op\":\"forget\",\"Profile\":\"admin\"}\n");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "forget-all", "{\"Op\":\"forget\"}\n");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "forget-bad-profile", "{\"Op\":\"forget\",\"Profile\":7}\n");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "socketRequest", "yield-refused", "{\"Op\":\"yield\"}\n");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "pipeRequest", "request-with-reply", SessionJson.write(piped));
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "pipeRequest", "reply-outside-the-pool",
                "{\"Op\":\"session\",\"Profile\":\"admin\",\"Reply\":\"../../agent.sock\"}");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "pipeRequest", "reply-not-taken",
                "{\"Op\":\"session\",\"Profile\":\"admin\",\"Reply\":\"ffffffffffffffffffffffffffffffff\"}");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "readLine", "over-the-limit",
                "x".repeat(SMALL_MAX + 1) + "\n" + "y".repeat(SMALL_MAX) + "\n\n\u00e9\u2603");
        FuzzSeeds.write(AgentProtocolFuzzTest.class, "readLine", "broken-utf8",
                new byte[] {'{', (byte) 0xC3, '\n', (byte) 0xFF, (byte) 0xFE, '\n'});
    }
}
