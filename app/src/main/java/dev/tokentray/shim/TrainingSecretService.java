package dev.tokentray.shim;

import dev.tokentray.cache.dbus.BusConnection;
import dev.tokentray.cache.dbus.Message;
import dev.tokentray.cache.dbus.MessageWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A session bus with a Secret Service on it, for the archive's training run only: it answers the
 * calls a keyring read makes (the handshake, Hello, then the Secret Service's GetAll, ReadAlias,
 * OpenSession, SearchItems and GetSecrets) with one item, so that the training shim takes the path a real keyring hit takes and lists every class
 * it loads (the JDK's Unix socket and the security providers it starts among them). The machine
 * that records the archive (a build, a package install) need not have a keyring of its own.
 */
final class TrainingSecretService implements AutoCloseable {
    private static final String SESSION = "/org/freedesktop/secrets/session/training";
    private static final String COLLECTION = "/org/freedesktop/secrets/collection/login";
    private static final String ITEM = COLLECTION + "/1";

    private final Path socket;
    private final ServerSocketChannel server;
    private final byte[] secret;
    private final Thread thread;

    private TrainingSecretService(Path socket, ServerSocketChannel server, byte[] secret) {
        this.socket = socket;
        this.server = server;
        this.secret = secret;
        this.thread = new Thread(this::serve, "training-secret-service");
        thread.setDaemon(true);
    }

    /** Listens at {@code socket}, answering every search with one item holding {@code secret}. */
    static TrainingSecretService start(Path socket, byte[] secret) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        TrainingSecretService service = new TrainingSecretService(socket, server, secret.clone());
        service.thread.start();
        return service;
    }

    /** DBUS_SESSION_BUS_ADDRESS for a process that should use this bus. */
    String address() {
        return "unix:path=" + socket;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                answer(client);
            } catch (IOException e) {
                // the training shim went away, or the service was closed
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        byte[] in = new byte[BusConnection.MAX_MESSAGE];
        int end = 0;
        int start = -1;
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        while (true) {
            chunk.clear();
            int read = client.read(chunk);
            if (read < 0 || end + read > in.length) {
                return;
            }
            System.arraycopy(chunk.array(), 0, in, end, read);
            end += read;
            if (start < 0) {
                start = afterBegin(in, end);
                if (start < 0) {
                    continue;
                }
                write(client, "OK 0123456789abcdef0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            int length;
            while ((length = Message.frameLength(in, start, end - start, in.length)) > 0 && end - start >= length) {
                Message call = Message.parse(in, start, length);
                start += length;
                if (call.type() == MessageWriter.METHOD_CALL) {
                    write(client, reply(call).toBytes());
                }
            }
        }
    }

    private MessageWriter reply(Message call) {
        int serial = call.serial() + 1000;
        String member = call.member() == null ? "" : call.member();
        switch (member) {
            case "Hello":
                return MessageWriter.methodReturn(serial, call.serial(), ":1.1", "s").string(":1.1");
            case "GetAll":
                MessageWriter properties = MessageWriter.methodReturn(serial, call.serial(), ":1.1", "a{sv}");
                return properties.endArray(properties.startArray(8), 8);
            case "ReadAlias":
                return MessageWriter.methodReturn(serial, call.serial(), ":1.1", "o").string(COLLECTION);
            case "OpenSession":
                return MessageWriter.methodReturn(serial, call.serial(), ":1.1", "vo").variantString("")
                        .string(SESSION);
            case "SearchItems":
                MessageWriter found = MessageWriter.methodReturn(serial, call.serial(), ":1.1", "aoao");
                int unlocked = found.startArray(4);
                found.string(ITEM);
                found.endArray(unlocked, 4);
                return found.endArray(found.startArray(4), 4);
            case "GetSecrets":
                MessageWriter secrets = MessageWriter.methodReturn(serial, call.serial(), ":1.1", "a{o(oayays)}");
                int dict = secrets.startArray(8);
                secrets.startStruct().string(ITEM).startStruct().string(SESSION).byteArray(new byte[0])
                        .byteArray(secret).string("text/plain");
                return secrets.endArray(dict, 8);
            default:
                return MessageWriter.error(serial, call.serial(), ":1.1", "org.freedesktop.DBus.Error.UnknownMethod");
        }
    }

    /** Where the messages start: after the client's {@code BEGIN} line; -1 until it came. */
    private static int afterBegin(byte[] in, int end) {
        byte[] begin = "BEGIN\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + begin.length <= end; i++) {
            if (Arrays.equals(in, i, i + begin.length, begin, 0, begin.length)) {
                return i + begin.length;
            }
        }
        return -1;
    }

    private static void write(SocketChannel client, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
        Arrays.fill(secret, (byte) 0);
        Files.deleteIfExists(socket);
    }
}
