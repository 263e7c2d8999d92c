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
 * Asks the tray's agent for a session. Kept to the JDK and the small session codec, because the
 * shim calls it on every AWS tool start.
 */
public final class AgentClient {
    /** What the agent said. */
    public record Answer(String status, Session session, String message) {
        public boolean ok() {
            return AgentProtocol.STATUS_OK.equals(status);
        }

        public boolean locked() {
            return AgentProtocol.STATUS_LOCKED.equals(status);
        }
    }

    private AgentClient() {
    }

    /**
     * The agent's answer for {@code profile}, or null when no agent runs (no socket, or nobody
     * listening on it), in which case the caller does the work itself.
     *
     * @throws UntrustedPathException when the agent's directory (or TOKENTRAY_HOME, which holds it),
     *     its pipes or its socket are not this user's own, or another user listens on the socket:
     *     asking there could hand the request to another user, and their answer to the caller
     */
    public static Answer session(Path socket, String profile) {
        Path dir = socket.toAbsolutePath().getParent();
        if (!TrustedPaths.home(dir.getParent()) || !TrustedPaths.directory(dir)) {
            return null;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Op", AgentProtocol.OP_SESSION);
        request.put("Profile", profile);
        try {
            String line = FifoAgentClient.exchange(dir, request);
            if (line == null) {
                line = overSocket(socket, request);
            }
            return line == null ? null : answer(SessionJson.read(line));
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
    private static String overSocket(Path socket, Map<String, Object> request) throws IOException {
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
            ByteBuffer out = ByteBuffer.wrap((SessionJson.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return AgentProtocol.readLine(new BufferedInputStream(Channels.newInputStream(channel)),
                    AgentProtocol.MAX_REPLY);
        }
    }


}
