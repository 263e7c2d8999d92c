package dev.tokentray.agent;

import dev.tokentray.cache.SessionJson;
import dev.tokentray.fs.TrustedPaths;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client side of the agent's named-pipe transport (see {@link AgentProtocol}). Plain
 * {@code java.io} only: this is the shim's hot path, and what it loads is what it costs.
 */
final class FifoAgentClient {
    /** A live agent answers from memory in milliseconds; only a slower answer makes us look at it. */
    private static final long FIRST_LOOK_MILLIS = 100;
    private static final long LOOK_EVERY_MILLIS = 500;
    /**
     * The agent opens (and unlinks) a reply FIFO as soon as it reads the request naming it; one
     * still there after this long belongs to a request the agent never got.
     */
    private static final long PICK_UP_MILLIS = 2000;

    private FifoAgentClient() {
    }

    /** {@link #exchange(Path, Map, long)}, waiting while the agent lives. */
    static String exchange(Path agentDir, Map<String, Object> request) {
        return exchange(agentDir, request, 0);
    }

    /**
     * Sends {@code request} and returns the agent's reply line, or null when no agent answers over
     * FIFOs here (none runs, this OS has no FIFO transport, or every reply FIFO is taken), in
     * which case the caller uses the socket. The caller has checked {@code agentDir}; each pipe
     * and pool directory used is checked too, as this user's own and nobody else's
     * ({@link TrustedPaths}): one another user planted would hear the request or answer it.
     *
     * @param patienceMillis how long to wait for the answer; 0: while the agent lives
     * @throws dev.tokentray.fs.UntrustedPathException when one is not
     */
    static String exchange(Path agentDir, Map<String, Object> request, long patienceMillis) {
        File dir = agentDir.toFile();
        File requests = new File(dir, "requests");
        // A FIFO, not missing: opening a missing path "rw" would create a plain file.
        if (!TrustedPaths.fifo(requests.toPath())) {
            return null;
        }
        Path free = AgentProtocol.freeReplies(agentDir);
        Path taken = AgentProtocol.takenReplies(agentDir);
        if (!TrustedPaths.directory(free.getParent()) || !TrustedPaths.directory(free) || !TrustedPaths.directory(taken)) {
            return null;
        }
        File reply = take(free.toFile(), taken.toFile());
        if (reply == null) {
            return null;
        }
        if (!TrustedPaths.fifo(reply.toPath())) {
            return null; // gone meanwhile (the agent cleared its pool)
        }
        // "rw", on both FIFOs: opening one for reading or writing only blocks until the other end
        // is opened, which a dead agent never does. Linux opens a FIFO read-write at once.
        try (RandomAccessFile in = new RandomAccessFile(reply, "rw")) {
            if (reply.isFile()) {
                return null; // the agent cleared the pool meanwhile; we made a plain file
            }
            Map<String, Object> fields = new LinkedHashMap<>(request);
            fields.put("Reply", reply.getName());
            byte[] line = (SessionJson.write(fields) + "\n").getBytes(StandardCharsets.UTF_8);
            if (line.length > AgentProtocol.MAX_FIFO_REQUEST) {
                return null;
            }
            try (RandomAccessFile out = new RandomAccessFile(requests, "rw")) {
                out.write(line);
            }
            Watchdog watchdog = new Watchdog(new File(dir, "agent.lock"), dir, reply, in, patienceMillis);
            watchdog.start();
            try {
                // Buffered over the FIFO's own descriptor: closing `in` closes both.
                String answer = AgentProtocol.readLine(new BufferedInputStream(new FileInputStream(in.getFD())),
                        AgentProtocol.MAX_REPLY);
                return answer == null || answer.isEmpty() ? null : answer;
            } finally {
                watchdog.interrupt();
            }
        } catch (IOException e) {
            return null;
        } finally {
            reply.delete(); // normally the agent has unlinked it already
        }
    }

    /** Renames one free reply FIFO into taken/; a rename of a name succeeds for one client only. */
    private static File take(File free, File taken) {
        String[] names = free.list();
        if (names == null || names.length == 0) {
            return null;
        }
        // Concurrent clients start at different names, so they seldom race for the same one.
        int start = (int) ((System.nanoTime() >>> 10) % names.length);
        for (int i = 0; i < names.length; i++) {
            String name = names[(start + i) % names.length];
            File mine = new File(taken, name);
            if (new File(free, name).renameTo(mine)) {
                return mine;
            }
        }
        return null;
    }

    /**
     * Watches the agent while the client waits, which can be minutes when the agent raises an
     * unlock dialog. If the agent dies, never picks the request up, or has not answered within
     * the client's patience, it wakes the client with an empty line in the client's own reply FIFO
     * (no answer: the caller asks over the socket, then the cache); a dead agent's request FIFO it
     * removes, so that later clients go straight on.
     * A thread subclass, not a lambda: lambdas cost the shim start-up.
     */
    private static final class Watchdog extends Thread {
        private final File lock;
        private final File dir;
        private final File replyName;
        private final RandomAccessFile reply;
        private final long patienceMillis;

        Watchdog(File lock, File dir, File replyName, RandomAccessFile reply, long patienceMillis) {
            super("agent-watchdog");
            setDaemon(true);
            this.lock = lock;
            this.dir = dir;
            this.replyName = replyName;
            this.reply = reply;
            this.patienceMillis = patienceMillis;
        }

        @Override
        public void run() {
            try {
                sleep(FIRST_LOOK_MILLIS);
                long waited = FIRST_LOOK_MILLIS;
                while (!agentGoneCleared(lock, dir)) {
                    if (waited >= PICK_UP_MILLIS && replyName.exists()) {
                        break; // the request was lost on the way
                    }
                    if (patienceMillis > 0 && waited >= patienceMillis) {
                        break;
                    }
                    sleep(LOOK_EVERY_MILLIS);
                    waited += LOOK_EVERY_MILLIS;
                }
                reply.write('\n');
            } catch (InterruptedException | IOException e) {
                // answered, or the client is closing the reply FIFO
            }
        }
    }

    /**
     * True when no agent holds {@code agent.lock}; then, while holding it (so that an agent
     * starting meanwhile waits), removes the dead agent's request FIFO. When it cannot tell (the
     * client got its answer and interrupted the check), the agent counts as alive.
     */
    static boolean agentGoneCleared(File lock, File dir) {
        try (FileChannel channel = FileChannel.open(lock.toPath(), StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return false;
            }
            new File(dir, "requests").delete();
            held.release();
            return true;
        } catch (NoSuchFileException e) {
            return true; // no agent ever started here
        } catch (OverlappingFileLockException e) {
            return false; // this very process is the agent (the tray asking itself, or a test)
        } catch (IOException e) {
            return false; // interrupted (answered meanwhile), or a lock we cannot take: wait on
        }
    }
}
