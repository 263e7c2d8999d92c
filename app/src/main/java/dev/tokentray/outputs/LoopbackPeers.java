package dev.tokentray.outputs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Who is at the other end of a loopback TCP connection. Linux says, in /proc/net/tcp{,6}: the
 * client socket's line carries its owner's uid. Elsewhere nobody says, and every peer passes.
 */
final class LoopbackPeers {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private LoopbackPeers() {
    }

    /**
     * Whether the client at {@code peer}, connected to our {@code localPort}, runs as this
     * process's user. True where the OS keeps no such table; false on Linux when it is someone
     * else's, or cannot be found.
     */
    static boolean sameUser(InetSocketAddress peer, int localPort) {
        if (!Files.isReadable(TABLES.get(0))) {
            return true;
        }
        String clientPort = String.format(Locale.ROOT, "%04X", peer.getPort());
        String serverPort = String.format(Locale.ROOT, "%04X", localPort);
        try {
            long self = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
            for (Path table : TABLES) {
                if (!Files.isReadable(table)) {
                    continue;
                }
                for (String line : Files.readAllLines(table)) {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid …
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 7 && f[1].endsWith(":" + clientPort) && f[2].endsWith(":" + serverPort)) {
                        return Long.parseLong(f[7]) == self;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
