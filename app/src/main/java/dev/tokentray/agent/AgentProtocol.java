package dev.tokentray.agent;

import dev.tokentray.Env;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The agent's wire format: the client sends one line of JSON and the agent answers one line.
 * Flat objects only, so both ends use the shim's small codec.
 * <ul>
 * <li>{@code {"Op":"session","Profile":"NAME"}}: {@code {"Status":"ok",AccessKeyId,SecretAccessKey,
 * SessionToken,Expiration,ExpiresAt}}; {@code {"Status":"locked"}} when nobody could unlock;
 * {@code {"Status":"pass"}} when this agent has nothing for the profile and nobody to ask (the
 * headless agent: the caller does the work itself, as if no agent ran); or
 * {@code {"Status":"error","Message":…}}.
 * <li>{@code {"Op":"forget","Profile":"NAME"}} (without Profile: every profile): a session was
 * cleared or replaced elsewhere, so the agent drops what it holds; {@code {"Status":"ok"}}.
 * <li>{@code {"Op":"yield"}}: the tray is starting; the headless agent answers ok, then closes and
 * exits, so that the tray can take the agent directory. The tray's agent answers an error.
 * </ul>
 *
 * <p>Two transports carry it, both in the agent directory that only its owner may enter:
 * <ul>
 * <li>a Unix domain socket, {@code agent.sock}, on every OS;
 * <li>on Linux, named pipes, because the JDK's first Unix-socket channel costs a shim ~35 ms
 * (its class initialisation builds a SecureRandom and the security providers) while a FIFO opens
 * like a file. The agent keeps a pool of fresh reply FIFOs in {@code replies/free}; a client takes
 * one by renaming it into {@code replies/taken} (a rename succeeds for one taker only), opens it,
 * then writes its request, with {@code "Reply":NAME} added, to the {@code requests} FIFO in one
 * write of at most {@link #MAX_FIFO_REQUEST} bytes (the kernel keeps such writes whole), and reads
 * the answer line from its reply FIFO. The agent holds {@code agent.lock} while it runs, so a
 * waiting client can tell a busy agent (an unlock dialog is open) from a dead one.
 * </ul>
 */
public final class AgentProtocol {
    public static final String OP_SESSION = "session";
    public static final String OP_FORGET = "forget";
    public static final String OP_YIELD = "yield";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_LOCKED = "locked";
    public static final String STATUS_PASS = "pass";
    public static final String STATUS_ERROR = "error";

    /** A request names a profile; it is never a document. */
    public static final int MAX_REQUEST = 65_536;
    /** A reply carries a session token: kilobytes. */
    public static final int MAX_REPLY = 1 << 20;
    /** PIPE_BUF on Linux: writes up to this size into a pipe are never interleaved with others. */
    public static final int MAX_FIFO_REQUEST = 4096;

    private AgentProtocol() {
    }

    /** The FIFO every request goes to. */
    public static Path requests(Path agentDir) {
        return agentDir.resolve("requests");
    }

    /** Reply FIFOs waiting to be taken. */
    public static Path freeReplies(Path agentDir) {
        return agentDir.resolve("replies").resolve("free");
    }

    /** Reply FIFOs taken by a client whose request the agent has not opened yet. */
    public static Path takenReplies(Path agentDir) {
        return agentDir.resolve("replies").resolve("taken");
    }

    /** Locked by the running agent for its lifetime; the kernel lets go when it dies. */
    public static Path lock(Path agentDir) {
        return agentDir.resolve("agent.lock");
    }

    /** The socket: in a directory only the owner may enter, which is what keeps other users out. */
    public static Path socket(Env env) {
        return socket(dir(env));
    }

    /** The agent's directory, which only its owner may enter. */
    public static Path dir(Env env) {
        return env.tokentrayHome().resolve("agent");
    }

    public static Path socket(Path agentDir) {
        return agentDir.resolve("agent.sock");
    }

    /**
     * Names the JDK's own selector provider for this OS, so that the first channel does not make
     * the JDK search the whole class path (every jar of the app) for another one: that search
     * cost the shim about a fifth of its start-up. Other OSes keep the search.
     */
    public static void skipSelectorProviderScan() {
        String property = "java.nio.channels.spi.SelectorProvider";
        if (System.getProperty(property) != null) {
            return;
        }
        String os = System.getProperty("os.name", "");
        if (os.startsWith("Linux")) {
            System.setProperty(property, "sun.nio.ch.EPollSelectorProvider");
        } else if (os.startsWith("Mac")) {
            System.setProperty(property, "sun.nio.ch.KQueueSelectorProvider");
        }
    }

    /**
     * One line of the protocol, without its newline, from a buffered stream (one read() per byte
     * would be a system call per byte otherwise). At the end of the stream, what came is the line,
     * or null when nothing came. A line longer than {@code max} bytes is read past and given as
     * "", which no side takes for a message.
     */
    public static String readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() < max) {
                line.write(b);
            } else {
                tooLong = true;
            }
        }
        if (tooLong) {
            return "";
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
