package dev.tokentray.agent;

import dev.tokentray.cache.SessionJson;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.Fifos;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The agent's end of the named-pipe transport (see {@link AgentProtocol}): reads request lines
 * from {@code requests}, answers each on a worker into the reply FIFO the client named, and keeps
 * the pool of free reply FIFOs full.
 */
final class FifoListener implements AutoCloseable {
    /** More than the 32 concurrent shims the agent is built for; a client that finds none uses the socket. */
    static final int POOL = 48;
    private static final Pattern REPLY_NAME = Pattern.compile("[0-9a-f]{32}");

    private final Path dir;
    private final UnaryOperator<String> answer;
    private final ExecutorService workers;
    private final RandomAccessFile requests;
    private final Thread reader;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean open = true;

    /**
     * Starts listening in {@code dir}, which the caller has made private and locked ({@link AgentLock}).
     *
     * @param answer turns a request line into the reply line; may block (an unlock dialog)
     * @throws IOException when FIFOs cannot be made here
     */
    FifoListener(Path dir, UnaryOperator<String> answer, ExecutorService workers) throws IOException {
        this.dir = dir;
        this.answer = answer;
        this.workers = workers;
        try {
            clear();
            Fifos.make(AgentProtocol.requests(dir));
            // Held open (read-write: no end-of-file between clients) before any reply FIFO exists:
            // a pipe nobody holds drops what a client wrote into it once that client closes it.
            requests = new RandomAccessFile(AgentProtocol.requests(dir).toFile(), "rw");
            AtomicFile.ensurePrivateDirectory(AgentProtocol.freeReplies(dir));
            AtomicFile.ensurePrivateDirectory(AgentProtocol.takenReplies(dir));
            topUp();
        } catch (IOException | RuntimeException e) {
            clearQuietly();
            throw e;
        }
        reader = new Thread(this::readLoop, "agent-fifo");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        try (InputStream in = new BufferedInputStream(new FileInputStream(requests.getFD()))) {
            while (open) {
                String line = AgentProtocol.readLine(in, AgentProtocol.MAX_FIFO_REQUEST);
                if (line == null) {
                    return;
                }
                if (open && !line.isEmpty()) {
                    accept(line);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Opens the named reply FIFO at once (the client holds it open) and answers on a worker. */
    private void accept(String line) {
        Object name;
        try {
            name = SessionJson.read(line).get("Reply");
        } catch (IllegalArgumentException e) {
            return; // not a request; nobody to answer
        }
        if (!(name instanceof String) || !REPLY_NAME.matcher((String) name).matches()) {
            return;
        }
        Path taken = AgentProtocol.takenReplies(dir).resolve((String) name);
        try {
            if (!Files.readAttributes(taken, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                return;
            }
            // Read-write (a FIFO opened so never blocks, even if the client died meanwhile), and never
            // created: were the FIFO gone, a session must not land in a plain file instead.
            FileChannel reply = FileChannel.open(taken, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            Files.deleteIfExists(taken);
            workers.submit(() -> {
                try (reply) {
                    ByteBuffer out = ByteBuffer.wrap((answer.apply(line) + "\n").getBytes(StandardCharsets.UTF_8));
                    while (out.hasRemaining()) {
                        reply.write(out);
                    }
                } catch (IOException e) {
                    // the client went away; nothing to tell it
                }
            });
            topUp();
        } catch (IOException e) {
            // a taken FIFO we cannot open belongs to no live client
        }
    }

    /** Fills the pool back up; a client that died between taking a FIFO and asking leaves a gap. */
    private void topUp() throws IOException {
        Path free = AgentProtocol.freeReplies(dir);
        int have = count(free);
        byte[] id = new byte[16];
        for (int i = have; i < POOL; i++) {
            random.nextBytes(id);
            Fifos.make(free.resolve(HexFormat.of().formatHex(id)));
        }
    }

    private static int count(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path ignored : entries) {
                n++;
            }
        }
        return n;
    }

    /** Removes the FIFOs of this or an earlier, dead agent. */
    private void clear() throws IOException {
        Files.deleteIfExists(AgentProtocol.requests(dir));
        for (Path pool : new Path[] {AgentProtocol.freeReplies(dir), AgentProtocol.takenReplies(dir)}) {
            if (Files.isDirectory(pool, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(pool)) {
                    for (Path entry : entries) {
                        Files.deleteIfExists(entry);
                    }
                }
            }
        }
    }

    private void clearQuietly() {
        try {
            clear();
        } catch (IOException e) {
            // best effort: the next agent clears again
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        try {
            // Wakes the reader, which is blocked reading the FIFO, with an empty line.
            requests.write('\n');
        } catch (IOException e) {
            // the reader has stopped already
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.close();
        clearQuietly();
    }
}
