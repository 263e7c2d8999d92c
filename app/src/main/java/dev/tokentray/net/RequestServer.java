package dev.tokentray.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A server of one request per connection that no client can stall: one thread reads every
 * connection without blocking; a request must arrive whole, within a size limit and a deadline,
 * or its connection is closed; when too many connections are open, the oldest that has not sent
 * a whole request yet makes room; and replies are written without blocking too. Whatever clients
 * do, it costs this one thread and a bounded amount of memory.
 *
 * <p>The JDK's HttpServer, which this replaces, reads a request's headers on a worker thread,
 * blocking: a client that sends one header every few seconds holds that worker for as long as it
 * likes, and a thread per connection (as the agent had) grows with every connection held open.
 *
 * <p>The handler is called on the server's thread with each complete request, and must not block
 * there: it answers at once, or hands the work to a thread of its own and answers from there.
 */
public final class RequestServer implements AutoCloseable {
    /** Where a request ends. */
    public enum Framing {
        /** One line: the request is what comes before the first newline (or the end of the stream). */
        LINE,
        /** An HTTP request head: the request line and headers, through the empty line that ends them. */
        HTTP_HEAD;

        /** The request's length if {@code buf[0, len)} holds one whole (searching from {@code from}), else -1. */
        int end(byte[] buf, int from, int len) {
            for (int i = from; i < len; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                if (this == LINE) {
                    return i;
                }
                if (i >= 1 && buf[i - 1] == '\n') {
                    return i + 1;
                }
                if (i >= 3 && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        /** The request's length when the client ended its side after {@code len} bytes, else -1. */
        int atEnd(int len) {
            return this == LINE && len > 0 ? len : -1;
        }
    }

    /**
     * How much a client may take.
     *
     * @param maxRequestBytes a longer request closes the connection
     * @param deadline the time from connecting to a whole request, and from a reply to its last byte sent
     * @param maxPending connections still sending their request; one more closes the oldest of them
     * @param maxOpen connections in all, waiting for their reply included; beyond, new ones are closed
     */
    public record Limits(int maxRequestBytes, Duration deadline, int maxPending, int maxOpen) {
    }

    /** Gets each whole request, on the server's thread. */
    public interface Handler {
        void handle(Request request);
    }

    /** One whole request and its connection; answered once, from any thread. */
    public final class Request {
        private final Connection connection;
        private final byte[] bytes;

        private Request(Connection connection, byte[] bytes) {
            this.connection = connection;
            this.bytes = bytes;
        }

        /** The request as sent, without the newline that ended a {@link Framing#LINE} request. */
        public byte[] bytes() {
            return bytes;
        }

        public SocketChannel channel() {
            return connection.channel;
        }

        /** Sends {@code reply} and then closes the connection; later calls do nothing. */
        public void reply(byte[] reply) {
            if (connection.answered.compareAndSet(false, true)) {
                replies.add(new Outgoing(connection, reply));
                selector.wakeup();
            }
        }

        /** Closes the connection without a reply. */
        public void hangUp() {
            reply(null);
        }
    }

    private static final int READING = 0;
    private static final int WAITING = 1;
    private static final int WRITING = 2;

    /** What the server's thread knows of one connection. */
    private static final class Connection {
        final SocketChannel channel;
        final AtomicBoolean answered = new AtomicBoolean();
        SelectionKey key;
        byte[] buffer = new byte[512];
        int length;
        long deadline;
        int state = READING;
        ByteBuffer out;

        Connection(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }
    }

    private record Outgoing(Connection connection, byte[] bytes) {
    }

    private final ServerSocketChannel listener;
    private final Framing framing;
    private final Limits limits;
    private final Predicate<SocketChannel> admit;
    private final Handler handler;
    private final Selector selector;
    private final SelectionKey acceptKey;
    private final Thread thread;
    private final Queue<Outgoing> replies = new ConcurrentLinkedQueue<>();
    /** Connections still sending their request, oldest first: their deadlines come in this order too. */
    private final Set<Connection> pending = new LinkedHashSet<>();
    private final Set<Connection> writing = new LinkedHashSet<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(16 * 1024);
    private int open;
    private volatile boolean running = true;

    /**
     * Starts serving {@code listener}, which is bound already, on a thread named {@code name}.
     *
     * @param admit whether a new connection may talk at all (the peer's user, say); null admits all
     */
    public RequestServer(ServerSocketChannel listener, String name, Framing framing, Limits limits,
            Predicate<SocketChannel> admit, Handler handler) throws IOException {
        this.listener = listener;
        this.framing = framing;
        this.limits = limits;
        this.admit = admit;
        this.handler = handler;
        this.selector = Selector.open();
        try {
            listener.configureBlocking(false);
            acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::ready, millisToNextDeadline());
                sendReplies();
                expire();
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        } finally {
            for (SelectionKey key : keysOrNone()) {
                if (key.attachment() instanceof Connection c) {
                    closeQuietly(c.channel);
                }
            }
        }
    }

    private List<SelectionKey> keysOrNone() {
        try {
            return new ArrayList<>(selector.keys());
        } catch (ClosedSelectorException e) {
            return List.of();
        }
    }

    private void ready(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                acceptAll();
                return;
            }
            Connection c = (Connection) key.attachment();
            if (key.isReadable()) {
                read(c);
            }
            if (key.isValid() && key.isWritable()) {
                write(c);
            }
        } catch (IOException | RuntimeException e) {
            if (key.attachment() instanceof Connection c) {
                close(c);
            }
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = acceptOne()) != null) {
            if (admit != null && !admitted(channel)) {
                closeQuietly(channel);
                continue;
            }
            if (pending.size() >= limits.maxPending() || open >= limits.maxOpen()) {
                if (pending.isEmpty()) {
                    closeQuietly(channel); // every connection waits on a reply: no room
                    continue;
                }
                close(pending.iterator().next());
            }
            channel.configureBlocking(false);
            Connection c = new Connection(channel, System.nanoTime() + limits.deadline().toNanos());
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
            pending.add(c);
            open++;
        }
    }

    /**
     * The next connection, or null. Out of file descriptors, the oldest connection still sending
     * its request makes room; with none, accepting pauses until a connection closes (else the
     * listener, ready all the while, would spin this thread).
     */
    private SocketChannel acceptOne() {
        try {
            return listener.accept();
        } catch (IOException e) {
            if (!pending.isEmpty()) {
                close(pending.iterator().next());
            } else {
                acceptKey.interestOps(0);
            }
            return null;
        }
    }

    private boolean admitted(SocketChannel channel) {
        try {
            return admit.test(channel);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void read(Connection c) throws IOException {
        scratch.clear();
        int n = c.channel.read(scratch);
        if (c.state != READING) {
            if (n < 0) {
                c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_READ); // half-closed: still owed its reply
            }
            return; // what a client sends after its request is not read as one
        }
        if (n < 0) {
            int end = framing.atEnd(c.length);
            if (end < 0) {
                close(c);
                return;
            }
            c.key.interestOps(0);
            dispatch(c, end);
            return;
        }
        scratch.flip();
        int from = c.length;
        if (c.length + n > c.buffer.length) {
            if (c.length + n > limits.maxRequestBytes() + 4) {
                close(c); // longer than any request
                return;
            }
            c.buffer = Arrays.copyOf(c.buffer, Math.min(Math.max(c.buffer.length * 2, c.length + n),
                    limits.maxRequestBytes() + 4));
        }
        scratch.get(c.buffer, c.length, n);
        c.length += n;
        int end = framing.end(c.buffer, Math.max(0, from - 3), c.length);
        if (end >= 0) {
            dispatch(c, end);
        } else if (c.length > limits.maxRequestBytes()) {
            close(c);
        }
    }

    private void dispatch(Connection c, int end) {
        pending.remove(c);
        c.state = WAITING;
        byte[] request = Arrays.copyOf(c.buffer, end);
        c.buffer = null;
        try {
            handler.handle(new Request(c, request));
        } catch (RuntimeException e) {
            close(c);
        }
    }

    private void sendReplies() {
        Outgoing next;
        while ((next = replies.poll()) != null) {
            Connection c = next.connection();
            if (!c.channel.isOpen()) {
                continue;
            }
            if (next.bytes() == null) {
                close(c);
                continue;
            }
            c.state = WRITING;
            c.out = ByteBuffer.wrap(next.bytes());
            c.deadline = System.nanoTime() + limits.deadline().toNanos();
            writing.add(c);
            try {
                write(c);
            } catch (IOException e) {
                close(c);
            }
        }
    }

    private void write(Connection c) throws IOException {
        c.channel.write(c.out);
        if (c.out.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            close(c);
        }
    }

    /** Closes what is past its deadline: requests that did not come whole in time, replies not taken. */
    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Connection> it = pending.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (now - c.deadline < 0) {
                break; // the rest came later still
            }
            it.remove();
            close(c);
        }
        for (Iterator<Connection> it = writing.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (now - c.deadline >= 0) {
                it.remove();
                close(c);
            }
        }
    }

    private long millisToNextDeadline() {
        long next = Long.MAX_VALUE;
        if (!pending.isEmpty()) {
            next = pending.iterator().next().deadline;
        }
        for (Connection c : writing) {
            next = Math.min(next, c.deadline);
        }
        if (next == Long.MAX_VALUE) {
            return 0; // no deadline: wait for the next event
        }
        return Math.max(1, (next - System.nanoTime()) / 1_000_000 + 1);
    }

    private void close(Connection c) {
        if (!c.channel.isOpen()) {
            return;
        }
        pending.remove(c);
        writing.remove(c);
        c.answered.set(true);
        open--;
        closeQuietly(c.channel);
        if (acceptKey.isValid() && acceptKey.interestOps() == 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT); // a descriptor is free again
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops serving: the listener and every connection are closed. */
    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
        listener.close();
    }
}
