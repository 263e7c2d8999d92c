package dev.tokentray.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Clients that try to stall a server: connections that never send a byte, and one that sends a
 * request slowly, a piece at a time. The server under test must keep answering others meanwhile.
 */
public final class SlowClients implements AutoCloseable {
    private final SocketAddress server;
    private final List<SocketChannel> idle = new ArrayList<>();
    private final CountDownLatch trickleClosed = new CountDownLatch(1);
    private Thread trickler;
    private volatile boolean open = true;

    public SlowClients(SocketAddress server) {
        this.server = server;
    }

    /** The threads of this JVM now (the server under test runs in it). */
    public static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Opens {@code n} connections that send nothing. */
    public SlowClients idle(int n) {
        try {
            for (int i = 0; i < n; i++) {
                idle.add(SocketChannel.open(server));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("idle connection " + idle.size() + " to " + server, e);
        }
        return this;
    }

    /**
     * One connection that sends {@code first}, then {@code piece} every {@code interval}, for as
     * long as the server keeps it; returns once {@code first} is sent.
     */
    public SlowClients trickle(String first, String piece, Duration interval) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(server);
            send(channel, first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        trickler = new Thread(() -> {
            try (channel) {
                while (open) {
                    Thread.sleep(interval.toMillis());
                    send(channel, piece);
                }
            } catch (IOException e) {
                trickleClosed.countDown(); // the server hung up on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slow-client");
        trickler.setDaemon(true);
        trickler.start();
        // Sees the server hang up at once: the end of the stream (or a reset) on the reading side.
        Thread hangUp = new Thread(() -> {
            try {
                while (channel.read(ByteBuffer.allocate(1024)) >= 0) {
                    // a server that answers a half-sent request is not what this client waits for
                }
            } catch (IOException e) {
                // reset, or closed here
            }
            trickleClosed.countDown();
        }, "slow-client-eof");
        hangUp.setDaemon(true);
        hangUp.start();
        return this;
    }

    /** Whether the server closed the trickling connection within {@code timeout}. */
    public boolean trickleClosedWithin(Duration timeout) throws InterruptedException {
        return trickleClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void send(SocketChannel channel, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    @Override
    public void close() {
        open = false;
        if (trickler != null) {
            trickler.interrupt();
        }
        for (SocketChannel channel : idle) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
