package dev.tokentray.agent;

import dev.tokentray.cache.SessionJson;
import dev.tokentray.fs.Fifos;
import dev.tokentray.fs.TrustedPaths;
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
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The agent's end of the named-pipe transport (see {@link AgentProtocol}): reads request lines
 * from {@code requests}, answers each into the reply FIFO the client named, and keeps the pool of
 * free reply FIFOs full.
 *
 * <p>Clients die at any moment, so the pool mends itself: a reply FIFO taken by a client that
 * never asked (killed between taking and asking) is removed after {@link #ABANDONED} and the pool
 * refilled, every {@link #SWEEP_MILLIS}; and a client that wrote half a line (or junk) before the
 * next client's request costs that request nothing, because a request is read from its last
 * '{' on the line that makes a whole object.
 */
final class FifoListener implements AutoCloseable {
    /** More than the 32 concurrent shims the agent is built for; a client that finds none uses the socket. */
    static final int POOL = 48;
    /**
     * A client gives up on a reply FIFO the agent has not picked up after 2 s (FifoAgentClient), and
     * removes it; one still taken after this long belongs to a client that died.
     */
    static final long ABANDONED = TimeUnit.SECONDS.toMillis(5);
    private static final long SWEEP_MILLIS = 1000;
    private static final Pattern REPLY_NAME = Pattern.compile("[0-9a-f]{32}");
    /** Callers waiting at once over the pipes; the agent is built for 32. */
    static final int MAX_WAITING = 256;

    private final Path dir;
    private final BiConsumer<String, Consumer<String>> answer;
    private final RandomAccessFile requests;
    private final Thread reader;
    private final ScheduledExecutorService sweeper;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean open = true;

    /**
     * Starts listening in {@code dir}, which the caller has made private and locked ({@link AgentLock}).
     *
     * @param answer given a request line and where its reply line goes (an empty one: no answer);
     *     replies at once or later, from any thread, and never blocks
     * @throws IOException when FIFOs cannot be made here
     * @throws dev.tokentray.fs.UntrustedPathException when the pool's directories are another user's
     */
    FifoListener(Path dir, BiConsumer<String, Consumer<String>> answer) throws IOException {
        this.dir = dir;
        this.answer = answer;
        // Before touching anything in them: pool directories another user made (while the agent
        // directory was open) would let them swap a reply FIFO for one they read.
        Path replies = AgentProtocol.freeReplies(dir).getParent();
        for (Path pool : new Path[] {replies, AgentProtocol.freeReplies(dir), AgentProtocol.takenReplies(dir)}) {
            TrustedPaths.directory(pool);
        }
        try {
            clear();
            Fifos.make(AgentProtocol.requests(dir));
            // Held open (read-write: no end-of-file between clients) before any reply FIFO exists:
            // a pipe nobody holds drops what a client wrote into it once that client closes it.
            requests = new RandomAccessFile(AgentProtocol.requests(dir).toFile(), "rw");
            TrustedPaths.ensureDirectory(AgentProtocol.freeReplies(dir));
            TrustedPaths.ensureDirectory(AgentProtocol.takenReplies(dir));
            topUp();
        } catch (IOException | RuntimeException e) {
            clearQuietly();
            throw e;
        }
        reader = new Thread(this::readLoop, "agent-fifo");
        reader.setDaemon(true);
        reader.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-fifo-pool");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::mend, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void readLoop() {
        byte[] chunk = new byte[8192];
        LineTail line = new LineTail(AgentProtocol.MAX_FIFO_REQUEST);
        try (InputStream in = new FileInputStream(requests.getFD())) {
            int n;
            while (open && (n = in.read(chunk)) != -1) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        line.add(chunk[i]);
                        continue;
                    }
                    String request = lastRequest(line.text());
                    line.clear();
                    if (open && request != null) {
                        accept(request);
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /**
     * The last whole request object on {@code line}, or null. Each client writes its request in
     * one write the kernel keeps whole, so what precedes it on the same line is a writer's
     * unfinished line or junk: dropped, rather than spoiling the request after it.
     */
    static String lastRequest(String line) {
        for (int start = line.lastIndexOf('{'); start >= 0; start = line.lastIndexOf('{', start - 1)) {
            String candidate = line.substring(start);
            try {
                SessionJson.read(candidate);
                return candidate;
            } catch (IllegalArgumentException e) {
                // not an object from here: try the '{' before
            }
        }
        return null;
    }

    /** The last {@code max} bytes of a line: a request is at its end, junk before it may be long. */
    private static final class LineTail {
        private final int max;
        private final byte[] bytes;
        private int length;

        LineTail(int max) {
            this.max = max;
            this.bytes = new byte[2 * max];
        }

        void add(byte b) {
            if (length == bytes.length) {
                System.arraycopy(bytes, max, bytes, 0, max);
                length = max;
            }
            bytes[length++] = b;
        }

        String text() {
            int from = Math.max(0, length - max);
            return new String(bytes, from, length - from, StandardCharsets.UTF_8);
        }

        void clear() {
            length = 0;
        }
    }

    /** Opens the named reply FIFO at once (the client holds it open) and has the request answered into it. */
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
        FileChannel reply;
        try {
            if (!Files.readAttributes(taken, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                return;
            }
            // Read-write (a FIFO opened so never blocks, even if the client died meanwhile), and never
            // created: were the FIFO gone, a session must not land in a plain file instead.
            reply = FileChannel.open(taken, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.deleteIfExists(taken);
        } catch (IOException e) {
            return; // a taken FIFO we cannot open belongs to no live client
        }
        // Each caller waiting on an unlock holds its reply FIFO open here; beyond a bound, one is
        // told at once that there is no answer (it asks the socket, then the cache) instead.
        boolean room = waiting.incrementAndGet() <= MAX_WAITING;
        // A reply is a few kilobytes, far below a pipe's buffer: writing it never blocks.
        Consumer<String> replyInto = text -> {
            waiting.decrementAndGet();
            try (reply) {
                ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
                while (out.hasRemaining()) {
                    reply.write(out);
                }
            } catch (IOException e) {
                // the client went away; nothing to tell it
            }
        };
        if (room) {
            answer.accept(line, replyInto);
        } else {
            replyInto.accept("");
        }
        try {
            topUp();
        } catch (IOException e) {
            // the sweeper tries again
        }
    }

    /** Removes reply FIFOs that clients took and abandoned, and fills the pool back up. */
    private void mend() {
        try {
            long before = System.currentTimeMillis() - ABANDONED;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(AgentProtocol.takenReplies(dir))) {
                for (Path entry : entries) {
                    // Taking renames the FIFO, which sets its change time: how long it has been taken.
                    FileTime taken = (FileTime) Files.getAttribute(entry, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
                    if (taken.toMillis() < before) {
                        Files.deleteIfExists(entry);
                    }
                }
            }
            topUp();
        } catch (IOException | RuntimeException e) {
            // tried again at the next sweep
        }
    }

    /** Fills the pool back up; a client that died between taking a FIFO and asking leaves a gap. */
    private synchronized void topUp() throws IOException {
        if (!open) {
            return;
        }
        Path free = AgentProtocol.freeReplies(dir);
        int have = count(free);
        byte[] id = new byte[16];
        for (int i = have; i < POOL; i++) {
            random.nextBytes(id);
            Fifos.make(free.resolve(HexFormat.of().formatHex(id)));
        }
    }

    /** How many entries {@code dir} holds (the free reply FIFOs, in the pool's folder). */
    static int count(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path ignored : entries) {
                n++;
            }
        }
        return n;
    }

    /**
     * Removes the FIFOs of this or an earlier agent. A client waiting on a reply FIFO still in
     * {@code taken/} sent a request that agent never picked up: it is woken with an empty line (no
     * answer; it asks the socket, then the cache) before the FIFO goes, because once another agent
     * holds the directory (the tray taking over from the headless agent) the client would wait on
     * a live lock forever.
     */
    private void clear() throws IOException {
        Files.deleteIfExists(AgentProtocol.requests(dir));
        for (Path pool : new Path[] {AgentProtocol.freeReplies(dir), AgentProtocol.takenReplies(dir)}) {
            if (Files.isDirectory(pool, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(pool)) {
                    for (Path entry : entries) {
                        if (pool.endsWith("taken")) {
                            wake(entry);
                        }
                        Files.deleteIfExists(entry);
                    }
                }
            }
        }
    }

    /** Writes an empty line into a reply FIFO whose client may be waiting on it; nothing else is touched. */
    private static void wake(Path reply) {
        try {
            if (!Files.readAttributes(reply, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                return;
            }
            // Read-write: opening a FIFO so never blocks, whether or not its client still holds it.
            try (FileChannel channel = FileChannel.open(reply, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            }
        } catch (IOException e) {
            // gone meanwhile: nobody waits on it
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
        sweeper.shutdownNow();
        synchronized (this) {
            open = false;
        }
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
