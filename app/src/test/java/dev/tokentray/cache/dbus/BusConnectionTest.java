package dev.tokentray.cache.dbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the session bus is, and what the connection does with a peer that is not a working bus:
 * each ends in an IOException (the reader's "cannot answer fast") within the deadline.
 */
class BusConnectionTest {
    @TempDir
    Path tmp;

    private ServerSocketChannel server;
    private Thread peer;

    @AfterEach
    void stopPeer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            peer.interrupt();
            peer.join(5_000);
        }
    }

    @Test
    void speaksTheFirstUnixPathOfAnAddress() {
        assertEquals(Path.of("/run/user/1000/bus"), BusConnection.socketOf("unix:path=/run/user/1000/bus"));
        assertEquals(Path.of("/run/user/1000/bus"),
                BusConnection.socketOf("unix:path=/run/user/1000/bus,guid=0123456789abcdef"));
        assertEquals(Path.of("/tmp/a bus,;x"), BusConnection.socketOf("unix:path=/tmp/a%20bus%2c%3bx"), "escaped bytes");
        assertEquals(Path.of("/tmp/dbus-1"), BusConnection.socketOf("unix:abstract=/tmp/dbus-x;unix:path=/tmp/dbus-1"),
                "the first address this client speaks");
        assertNull(BusConnection.socketOf(""));
        assertNull(BusConnection.socketOf("unix:abstract=/tmp/dbus-x,guid=1"));
        assertNull(BusConnection.socketOf("tcp:host=localhost,port=1234"));
        assertNull(BusConnection.socketOf("unix:path=/tmp/%zz"), "a malformed escape");
        assertNull(BusConnection.socketOf("autolaunch:"));
    }

    @Test
    void noSocketThereIsNoBusAndFailsAtOnce() throws Exception {
        long start = System.nanoTime();
        expectFailure(tmp.resolve("no-bus"), 2_000, "nothing listens on " + tmp.resolve("no-bus"));
        assertTrue(elapsedMillis(start) < 1_000, "no wait for a socket that is not there");
        try (BusConnection bus = BusConnection.open(tmp.resolve("no-bus"), 1000, 2_000)) {
            fail("connected to nothing");
        } catch (java.net.ConnectException e) {
            // what the reader takes for "no bus here"
        }
    }

    @Test
    void aBusThatAcceptsAndStaysSilentIsGivenUpAtTheDeadline() throws Exception {
        Path socket = listen(new Peer() {
            @Override
            public void serve(SocketChannel client) throws Exception {
                client.read(ByteBuffer.allocate(4096));
                Thread.sleep(60_000);
            }
        });
        long start = System.nanoTime();
        expectFailure(socket, 700, "no answer within 700 ms");
        long took = elapsedMillis(start);
        assertTrue(took >= 650 && took < 2_000, "gave up at the deadline, after " + took + " ms");
    }

    @Test
    void aBusThatRefusesTheHandshakeIsRefused() throws Exception {
        Path socket = listen(reply("REJECTED EXTERNAL DBUS_COOKIE_SHA1\r\n".getBytes(StandardCharsets.US_ASCII)));
        expectFailure(socket, 2_000, "the bus refused AUTH EXTERNAL");
    }

    @Test
    void aPeerThatSendsGarbageOrTooMuchIsRefused() throws Exception {
        byte[] ok = "OK 0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
        expectFailure(listen(reply(concat(ok, "this is not D-Bus at all, just text".getBytes(StandardCharsets.US_ASCII)))),
                2_000, "not a D-Bus message");
        stopPeer();
        // A header announcing a 16 MiB body: refused from the header, before any of it is read.
        byte[] huge = {'l', 2, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0};
        expectFailure(listen(reply(concat(ok, huge))), 2_000, "more than the 1048576 expected");
        stopPeer();
        expectFailure(listen(reply(new byte[600])), 2_000, "answered the handshake with something else");
        stopPeer();
        expectFailure(listen(reply(ok)), 2_000, "the bus closed the connection");
    }

    @Test
    void sendsTheHandshakeWithOurUidInHex() throws Exception {
        StringBuilder heard = new StringBuilder();
        CountDownLatch done = new CountDownLatch(1);
        Path socket = listen(new Peer() {
            @Override
            public void serve(SocketChannel client) throws Exception {
                ByteBuffer in = ByteBuffer.allocate(4096);
                client.read(in);
                heard.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
                done.countDown();
            }
        });
        expectFailure(socket, 2_000, "");
        assertTrue(done.await(5, TimeUnit.SECONDS));
        // uid 1000 is "1000" in ASCII, in hex: 31303030.
        assertTrue(heard.toString().startsWith("\0AUTH EXTERNAL 31303030\r\nBEGIN\r\nl\1"), heard.toString());
    }

    private void expectFailure(Path socket, long deadline, String reason) {
        try (BusConnection bus = BusConnection.open(socket, 1000, deadline)) {
            bus.reply(1);
            fail("a reply from a peer that is not a bus");
        } catch (IOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(reason), e.toString());
        }
    }

    private interface Peer {
        void serve(SocketChannel client) throws Exception;
    }

    private static Peer reply(byte[] bytes) {
        return new Peer() {
            @Override
            public void serve(SocketChannel client) throws Exception {
                client.read(ByteBuffer.allocate(4096));
                ByteBuffer out = ByteBuffer.wrap(bytes);
                while (out.hasRemaining()) {
                    client.write(out);
                }
            }
        };
    }

    private Path listen(Peer behaviour) throws IOException {
        Path socket = tmp.resolve("bus-" + System.nanoTime());
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ServerSocketChannel listening = server;
        peer = new Thread(() -> {
            try (SocketChannel client = listening.accept()) {
                behaviour.serve(client);
            } catch (Exception e) {
                // the test is over
            }
        });
        peer.setDaemon(true);
        peer.start();
        return socket;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
