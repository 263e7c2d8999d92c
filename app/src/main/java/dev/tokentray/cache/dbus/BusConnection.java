package dev.tokentray.cache.dbus;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client connection to a D-Bus bus over a Unix socket, with just enough of the protocol for a
 * few method calls: the SASL {@code EXTERNAL} handshake (the kernel vouches for our uid, so no
 * secret is exchanged), {@code Hello}, then calls and their replies. Everything from the first
 * byte to the last reply must happen within a deadline: a watchdog thread closes the socket when
 * it passes, which ends any read or connect in progress, so a bus or a service that never answers
 * costs its caller that long and no more.
 *
 * <p>The handshake is pipelined, as sd-bus does it: the credentials byte, {@code AUTH EXTERNAL},
 * {@code BEGIN} and the first messages leave in one write, and the bus's {@code OK} is checked
 * when the first reply is read. A bus that refuses has hung up by then.
 */
public final class BusConnection implements AutoCloseable {
    /** Replies to the calls made here are small (a session is kilobytes): anything larger is refused. */
    public static final int MAX_MESSAGE = 1 << 20;
    private static final int MAX_AUTH_LINE = 512;
    private static final String BUS_NAME = "org.freedesktop.DBus";
    private static final String BUS_PATH = "/org/freedesktop/DBus";

    private final SocketChannel channel;
    private final Watchdog watchdog;
    /** What the socket reads land in: a direct buffer of our own, so no copy is left in the JDK's cache of them. */
    private final ByteBuffer window = ByteBuffer.allocateDirect(16 * 1024);
    private byte[] in = new byte[16 * 1024];
    private int inStart;
    private int inEnd;
    private boolean authenticated;
    private byte[] out = new byte[1024];
    private int outLength;
    private int lastSerial;
    /** Replies that came before the reply asked for, by the serial they answer (a few calls per connection). */
    private final byte[][] early = new byte[16][];
    /** Copies of early replies handed out, wiped on close. */
    private final List<byte[]> keptBytes = new ArrayList<>(2);

    private BusConnection(SocketChannel channel, Watchdog watchdog) {
        this.channel = channel;
        this.watchdog = watchdog;
    }

    /**
     * The socket named by a D-Bus address (DBUS_SESSION_BUS_ADDRESS, a {@code ;}-separated list
     * of alternatives for one bus): its first {@code unix:path=} entry. Abstract sockets (which
     * the JDK cannot open), TCP and the rest are not spoken here: null.
     */
    public static Path socketOf(String address) {
        for (String entry : address.split(";")) {
            if (!entry.startsWith("unix:")) {
                continue;
            }
            for (String pair : entry.substring("unix:".length()).split(",")) {
                if (pair.startsWith("path=")) {
                    String path = unescape(pair.substring("path=".length()));
                    return path == null || path.isEmpty() ? null : Path.of(path);
                }
            }
        }
        return null;
    }

    /** A D-Bus address value with its {@code %XX} escapes undone; null when one is malformed. */
    static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] decoded = new byte[value.length()];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    return null;
                }
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                decoded[n++] = (byte) (high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                decoded[n++] = (byte) c;
            } else {
                return null;
            }
        }
        return new String(decoded, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Connects to the bus at {@code socket} as the user {@code uid} and queues the handshake and
     * {@code Hello}; nothing is sent before the first {@link #reply}.
     *
     * @param timeoutMillis how long everything on this connection may take, from now
     * @throws ConnectException when nothing listens at {@code socket}
     */
    public static BusConnection open(Path socket, int uid, long timeoutMillis) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Watchdog watchdog = new Watchdog(channel, timeoutMillis);
        watchdog.start();
        BusConnection bus = new BusConnection(channel, watchdog);
        try {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                if (!watchdog.expired) {
                    // Nothing listens there: no bus, which is not a failure of one.
                    throw new ConnectException("nothing listens on " + socket + " (" + e.getMessage() + ")");
                }
                throw e;
            }
            bus.queueAuth(uid);
            bus.queue(MessageWriter.methodCall(bus.nextSerial(), (byte) 0, BUS_NAME, BUS_PATH, BUS_NAME, "Hello", ""));
            return bus;
        } catch (IOException | RuntimeException e) {
            bus.close();
            throw bus.expired(e);
        }
    }

    /** The serial for the next message, which {@link MessageWriter} takes. */
    public int nextSerial() {
        return ++lastSerial;
    }

    /** Queues a finished message; it leaves with the next {@link #reply}. Returns its serial. */
    public int queue(MessageWriter message) {
        byte[] bytes = message.toBytes();
        int serial = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8 | (bytes[10] & 0xff) << 16 | (bytes[11] & 0xff) << 24;
        append(bytes);
        Arrays.fill(bytes, (byte) 0);
        message.wipe();
        return serial;
    }

    /**
     * Sends what is queued, then reads until the reply (or error) to the message numbered
     * {@code serial} arrives; everything else (signals, such as the NameAcquired that follows
     * Hello, and replies not asked for) is skipped. The reply's bytes stay valid until the next
     * call on this connection.
     */
    public Message reply(int serial) throws IOException {
        try {
            if (serial > 0 && serial < early.length && early[serial] != null) {
                byte[] kept = early[serial];
                early[serial] = null;
                keptBytes.add(kept);
                return Message.parse(kept, 0, kept.length);
            }
            flush();
            while (true) {
                Message message = next();
                boolean isReply = message.type() == MessageWriter.METHOD_RETURN || message.type() == MessageWriter.ERROR;
                if (isReply && message.replySerial() == serial) {
                    return message;
                }
                if (isReply && message.replySerial() > 0 && message.replySerial() <= lastSerial
                        && message.replySerial() < early.length) {
                    // A service may answer calls in another order than they went (gnome-keyring
                    // does, now and then): keep this one for when it is asked for.
                    early[message.replySerial()] = Arrays.copyOfRange(in, inStart - message.length(), inStart);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw expired(e);
        }
    }

    /** Closes the socket and overwrites every buffer that held bytes from it. */
    @Override
    public void close() {
        watchdog.interrupt();
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
        Arrays.fill(in, (byte) 0);
        Arrays.fill(out, (byte) 0);
        for (byte[] kept : early) {
            if (kept != null) {
                Arrays.fill(kept, (byte) 0);
            }
        }
        for (byte[] kept : keptBytes) {
            Arrays.fill(kept, (byte) 0);
        }
        window.clear();
        while (window.hasRemaining()) {
            window.put((byte) 0);
        }
    }

    private IOException expired(Exception e) {
        if (e instanceof ConnectException connect) {
            return connect;
        }
        if (watchdog.expired) {
            return new IOException("no answer within " + watchdog.millis + " ms");
        }
        return e instanceof IOException io ? io : new IOException(e.getClass().getName(), e);
    }

    /** The credentials byte, AUTH EXTERNAL with our uid's decimal digits in hex, and BEGIN. */
    private void queueAuth(int uid) {
        String digits = Integer.toString(uid);
        StringBuilder line = new StringBuilder("\0AUTH EXTERNAL ");
        for (int i = 0; i < digits.length(); i++) {
            line.append(Integer.toHexString(digits.charAt(i)));
        }
        line.append("\r\nBEGIN\r\n");
        append(line.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private void append(byte[] bytes) {
        if (outLength + bytes.length > out.length) {
            byte[] bigger = Arrays.copyOf(out, Math.max(out.length * 2, outLength + bytes.length));
            Arrays.fill(out, (byte) 0);
            out = bigger;
        }
        System.arraycopy(bytes, 0, out, outLength, bytes.length);
        outLength += bytes.length;
    }

    private void flush() throws IOException {
        ByteBuffer pending = ByteBuffer.wrap(out, 0, outLength);
        while (pending.hasRemaining()) {
            channel.write(pending);
        }
        Arrays.fill(out, 0, outLength, (byte) 0);
        outLength = 0;
    }

    private Message next() throws IOException {
        if (!authenticated) {
            readAuthReply();
        }
        int length;
        while ((length = Message.frameLength(in, inStart, inEnd - inStart, MAX_MESSAGE)) < 0
                || inEnd - inStart < length) {
            fill(length < 0 ? Message.FIXED_HEADER : length);
        }
        Message message = Message.parse(in, inStart, length);
        inStart += length;
        return message;
    }

    /** The bus's answer to the handshake: {@code OK <guid>}, else it refused us. */
    private void readAuthReply() throws IOException {
        while (true) {
            for (int i = inStart; i + 1 < inEnd; i++) {
                if (in[i] == '\r' && in[i + 1] == '\n') {
                    boolean ok = i - inStart >= 3 && in[inStart] == 'O' && in[inStart + 1] == 'K'
                            && in[inStart + 2] == ' ';
                    if (!ok) {
                        throw new IOException("the bus refused AUTH EXTERNAL");
                    }
                    inStart = i + 2;
                    authenticated = true;
                    return;
                }
            }
            if (inEnd - inStart > MAX_AUTH_LINE) {
                throw new IOException("the bus answered the handshake with something else");
            }
            fill(inEnd - inStart + 1);
        }
    }

    /** Reads until at least {@code wanted} bytes from {@link #inStart} are there. */
    private void fill(int wanted) throws IOException {
        if (inStart + wanted > in.length) {
            byte[] target = wanted > in.length ? new byte[Math.max(wanted, in.length * 2)] : in;
            int held = inEnd - inStart;
            System.arraycopy(in, inStart, target, 0, held);
            Arrays.fill(in, target == in ? held : 0, in.length, (byte) 0);
            in = target;
            inStart = 0;
            inEnd = held;
        }
        while (inEnd - inStart < wanted) {
            window.clear();
            window.limit(Math.min(window.capacity(), in.length - inEnd));
            int read = channel.read(window);
            if (read < 0) {
                throw new IOException("the bus closed the connection");
            }
            window.flip();
            window.get(in, inEnd, read);
            inEnd += read;
        }
    }

    /** Closes the channel when the deadline passes, unless interrupted first. */
    private static final class Watchdog extends Thread {
        private final SocketChannel channel;
        final long millis;
        volatile boolean expired;

        Watchdog(SocketChannel channel, long millis) {
            super("dbus-deadline");
            setDaemon(true);
            this.channel = channel;
            this.millis = millis;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            expired = true;
            try {
                channel.close();
            } catch (IOException e) {
                // the reader sees the channel closed either way
            }
        }
    }
}
