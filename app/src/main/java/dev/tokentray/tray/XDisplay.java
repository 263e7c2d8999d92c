package dev.tokentray.tray;

import dev.tokentray.Env;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The X display the tray is about to draw on, asked whether it answers before GTK and AWT open
 * it: both wait forever on a server that accepts a connection and never replies, and neither
 * says a word when DISPLAY is unset or names a server that is gone. The question is the X11
 * connection set-up itself; any reply, even a refusal, shows a server is there (the toolkits
 * then connect with the user's own credentials).
 */
public final class XDisplay {
    /** [host]:display[.screen]: no host or "unix" is the local socket, else TCP (IPv6 in brackets). */
    private static final Pattern NAME = Pattern.compile("([^:/\\[]*|\\[[0-9A-Fa-f:.]+\\]):(\\d{1,5})(?:\\.\\d+)?");
    private static final int FIRST_TCP_PORT = 6000;

    private final String name;
    private final SocketAddress address;
    /** A local display's socket file; its abstract twin (Linux) has the same name. Null over TCP. */
    private final Path socketFile;

    private XDisplay(String name, SocketAddress address, Path socketFile) {
        this.name = name;
        this.address = address;
        this.socketFile = socketFile;
    }

    /**
     * Why the tray cannot start on this desktop, in one line; null when the display answered (or
     * this OS draws its tray without X).
     */
    public static String problem(Env env, Duration patience) {
        if (!drawsThroughX()) {
            return null;
        }
        String display = env.get("DISPLAY");
        if (display == null || display.isBlank()) {
            return "no X display to put the tray on: DISPLAY is not set"
                    + (env.get("WAYLAND_DISPLAY") != null ? " (on Wayland the tray needs XWayland, which sets it)" : "")
                    + "; start it from your desktop session, or use the CLI (`tokentray --help`)";
        }
        XDisplay x = parse(display.strip());
        // A form this does not know (a protocol prefix, a launchd socket path) is left to the toolkits.
        return x == null || x.answers(patience) ? null : x.notAnswering(patience);
    }

    /** Whether the toolkits draw through an X server here: not on macOS or Windows. */
    public static boolean drawsThroughX() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return !os.startsWith("mac") && !os.startsWith("windows");
    }

    static XDisplay parse(String display) {
        Matcher m = NAME.matcher(display);
        if (!m.matches()) {
            return null;
        }
        String host = m.group(1);
        int number = Integer.parseInt(m.group(2));
        if (host.isEmpty() || host.equals("unix")) {
            // Xlib tries the abstract socket @/tmp/.X11-unix/XN first, then the file of the same name.
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            return new XDisplay(display, UnixDomainSocketAddress.of(socket), socket);
        }
        if (number > 65_535 - FIRST_TCP_PORT) {
            return null;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return new XDisplay(display, InetSocketAddress.createUnresolved(bare, FIRST_TCP_PORT + number), null);
    }

    /** Whether an X server at this address replies to the connection set-up within {@code patience}. */
    boolean answers(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        SocketAddress target = address;
        if (socketFile != null && !Files.exists(socketFile)) {
            // Only the abstract twin may listen (Java cannot reach it): then the toolkits decide.
            return listensAbstract(socketFile);
        }
        if (target instanceof InetSocketAddress inet && inet.isUnresolved()) {
            target = new InetSocketAddress(inet.getHostString(), inet.getPort());
            if (((InetSocketAddress) target).isUnresolved()) {
                return false;
            }
        }
        try (SocketChannel channel = target instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
             Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            try {
                if (!channel.connect(target)) {
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    if (!waitFor(selector, deadline) || !channel.finishConnect()) {
                        return false;
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException refused) {
                // A socket file left by a server that is gone; the live one may be the abstract twin.
                return socketFile != null && listensAbstract(socketFile);
            }
            // Connection set-up: little-endian byte order, protocol 11.0, no authorisation.
            ByteBuffer setup = ByteBuffer.wrap(new byte[] {'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            while (setup.hasRemaining()) {
                channel.write(setup);
            }
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer reply = ByteBuffer.allocate(1);
            while (waitFor(selector, deadline)) {
                selector.selectedKeys().clear();
                int read = channel.read(reply);
                if (read != 0) {
                    // The first byte is 0 Failed, 1 Success or 2 Authenticate; -1 is a server that hung up.
                    return read > 0;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until a registered channel is ready; false once the deadline has passed. */
    private static boolean waitFor(Selector selector, long deadline) throws IOException {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            if (selector.select(left) > 0) {
                return true;
            }
        }
    }

    /** Whether the kernel lists an abstract Unix socket named like {@code path}. */
    private static boolean listensAbstract(Path path) {
        try {
            return Files.readString(Path.of("/proc/net/unix")).contains(" @" + path + "\n");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String notAnswering(Duration patience) {
        return "the X display " + name + " does not answer (nothing there, or a server that did not reply within "
                + patience.toMillis() + " ms); start the tray from your desktop session, or fix DISPLAY";
    }
}
