package dev.tokentray.agent;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a Unix domain socket, as the kernel says (SO_PEERCRED on Linux,
 * LOCAL_PEERCRED on macOS). Both ends of the agent ask it: the client, whether the agent is its
 * own user's; the agent, whether the client is. The directory's modes keep other users out, but
 * a socket file can be made to look like the user's own (renamed in from elsewhere, or a hard link
 * made while it was open), and only the peer's credentials tell.
 */
final class PeerCredentials {
    private PeerCredentials() {
    }

    /**
     * The user at the other end of {@code channel}, or null where the OS does not say (Windows:
     * there the per-user profile folder's ACL keeps the socket private).
     */
    static UserPrincipal of(SocketChannel channel) throws IOException {
        if (!channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
            return null;
        }
        UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return peer.user();
    }

    /** Whether the other end runs as {@code owner}; true where the OS does not say. */
    static boolean isOwner(SocketChannel channel, UserPrincipal owner) throws IOException {
        UserPrincipal peer = of(channel);
        return peer == null || peer.equals(owner);
    }
}
