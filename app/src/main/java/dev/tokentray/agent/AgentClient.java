package dev.tokentray.agent;

import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionJson;
import dev.tokentray.fs.TrustedPaths;
import dev.tokentray.fs.UntrustedPathException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the running agent (the tray's, or the headless one) for a session, or tells it something.
 * Kept to the JDK and the small session codec, because the shim calls it on every AWS tool start.
 */
public final class AgentClient {
    /** How long a request that needs no person (forget, yield) may wait for its answer. */
    private static final long QUICK_REPLY_MILLIS = 2000;

    /** What the agent said. */
    public record Answer(String status, Session session, String message) {
        public boolean ok() {
            return AgentProtocol.STATUS_OK.equals(status);
        }

        public boolean locked() {
            return AgentProtocol.STATUS_LOCKED.equals(status);
        }

        /** The agent has nothing for this profile and nobody to ask: the caller does the work itself. */
        public boolean passed() {
            return AgentProtocol.STATUS_PASS.equals(status);
        }
    }

    private AgentClient() {
    }

    /**
     * The agent's answer for {@code profile}, or null when no agent answers (none runs, or the
     * headless agent has nothing for it), in which case the caller does the work itself.
     *
     * @throws UntrustedPathException as {@link #ask}
     */
    public static Answer session(Path socket, String profile) {
        Answer answer = ask(socket, profile);
        return answer == null || answer.passed() ? null : answer;
    }

    /**
     * The agent's answer for {@code profile}, a pass included; null when no agent runs (no socket,
     * or nobody listening on it).
     *
     * @throws UntrustedPathException when the agent's directory (or TOKENTRAY_HOME, which holds it),
     *     its pipes or its socket are not this user's own, or another user listens on the socket:
     *     asking there could hand the request to another user, and their answer to the caller
     */
    public static Answer ask(Path socket, String profile) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Op", AgentProtocol.OP_SESSION);
        request.put("Profile", profile);
        Map<String, Object> reply = exchange(socket, request, 0);
        return reply == null ? null : answer(reply);
    }

    /**
     * Tells the agent running in {@code agentDir} in another process, if any, that the session of
     * {@code profile} (null: of every profile) was cleared or replaced, so it drops what it holds.
     * Costs a look at the agent's lock when none runs; the tray's own actions keep its memory in
     * step themselves. Never fails its caller: the cache has changed either way.
     *
     * @return false when an agent runs and did not confirm it
     */
    public static boolean forget(Path agentDir, String profile) {
        try {
            if (AgentLock.holder(agentDir) != AgentLock.Holder.ANOTHER_PROCESS) {
                return true;
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("Op", AgentProtocol.OP_FORGET);
            if (profile != null) {
                request.put("Profile", profile);
            }
            Map<String, Object> reply = exchange(AgentProtocol.socket(agentDir), request, QUICK_REPLY_MILLIS);
            return reply != null && AgentProtocol.STATUS_OK.equals(reply.get("Status"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Asks the agent in {@code agentDir} to step aside (the tray is starting). True when it
     * refused, as the tray's own agent does; false when it agreed, or did not answer (none
     * listens yet, or it is gone).
     */
    static boolean yieldRefused(Path agentDir) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Op", AgentProtocol.OP_YIELD);
        Map<String, Object> reply = exchange(AgentProtocol.socket(agentDir), request, QUICK_REPLY_MILLIS);
        return reply != null && AgentProtocol.STATUS_ERROR.equals(reply.get("Status"));
    }

    /**
     * Sends {@code request} and returns the agent's reply, or null when no agent answers.
     *
     * @param patienceMillis how long to wait for the answer; 0: as long as the agent lives (it may
     *     be waiting on a person at the unlock dialog)
     */
    private static Map<String, Object> exchange(Path socket, Map<String, Object> request, long patienceMillis) {
        Path dir = socket.toAbsolutePath().getParent();
        if (!TrustedPaths.home(dir.getParent()) || !TrustedPaths.directory(dir)) {
            return null;
        }
        try {
            String line = FifoAgentClient.exchange(dir, request, patienceMillis);
            if (line == null) {
                line = overSocket(socket, request, patienceMillis);
            }
            return line == null || line.isEmpty() ? null : SessionJson.read(line);
        } catch (UntrustedPathException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // A stale socket from a tray that died, or a reply we cannot read: behave as if no
            // agent ran, and let the caller use the cache and the terminal.
            return null;
        }
    }

    private static Answer answer(Map<String, Object> reply) {
        String status = (String) reply.get("Status");
        if (AgentProtocol.STATUS_OK.equals(status)) {
            return new Answer(status, new Session((String) reply.get("AccessKeyId"),
                    (String) reply.get("SecretAccessKey"), (String) reply.get("SessionToken"),
                    Instant.ofEpochSecond((Long) reply.get("ExpiresAt"))), null);
        }
        return new Answer(status, null, (String) reply.get("Message"));
    }

    /** The reply line over the Unix domain socket; null when no socket is there. */
    private static String overSocket(Path socket, Map<String, Object> request, long patienceMillis) throws IOException {
        if (!TrustedPaths.socket(socket)) {
            return null;
        }
        AgentProtocol.skipSelectorProviderScan();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            // Before a byte is sent: the socket file is ours, but who listens on it is what matters.
            if (!PeerCredentials.isOwner(channel, Files.getOwner(socket.getParent(), LinkOption.NOFOLLOW_LINKS))) {
                throw new UntrustedPathException(socket, "is served by another user ("
                        + PeerCredentials.of(channel).getName() + ")");
            }
            Closer closer = patienceMillis > 0 ? new Closer(channel, patienceMillis) : null;
            if (closer != null) {
                closer.start();
            }
            try {
                ByteBuffer out = ByteBuffer.wrap((SessionJson.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                return AgentProtocol.readLine(new BufferedInputStream(Channels.newInputStream(channel)),
                        AgentProtocol.MAX_REPLY);
            } finally {
                if (closer != null) {
                    closer.interrupt();
                }
            }
        }
    }

    /** Closes a channel whose answer is overdue, which ends the blocked read. */
    private static final class Closer extends Thread {
        private final SocketChannel channel;
        private final long afterMillis;

        Closer(SocketChannel channel, long afterMillis) {
            super("agent-reply-deadline");
            setDaemon(true);
            this.channel = channel;
            this.afterMillis = afterMillis;
        }

        @Override
        public void run() {
            try {
                sleep(afterMillis);
                channel.close();
            } catch (InterruptedException | IOException e) {
                // answered in time, or closed already
            }
        }
    }
}
