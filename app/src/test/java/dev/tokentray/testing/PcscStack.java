package dev.tokentray.testing;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real smart-card stack for one test class: a private pcscd (not the system's) with vpcd as
 * its reader driver, so code under test goes javax.smartcardio → libpcsclite → pcscd → vpcd →
 * {@link VirtualOathCard}, exactly as with a YubiKey.
 *
 * <p>pcscd 1.9 always listens on /run/pcscd/pcscd.comm unless systemd hands it a socket, so it is
 * started under {@code systemd-socket-activate} on a private socket; libpcsclite clients find it
 * through PCSCLITE_CSOCK_NAME ({@link #env()} for child processes). libpcsclite reads that variable
 * once per process, so this JVM uses one socket path for all classes and each class restarts pcscd
 * behind it; vpcd gets a free port pair from a private reader.conf.
 */
public final class PcscStack implements BeforeAllCallback, AfterAllCallback {
    /** vpcd's first reader, the one with the card (the second, port + 1, stays empty). */
    public static final String READER = "Virtual PCD 00 00";
    private static final String VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so";
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static Path socket;

    private Path dir;
    private int port;
    private ManagedProcess pcscd;
    private VirtualOathCard card;
    /** "Card Removed From" lines to wait for after a card left on its own or was yanked; -1 if none. */
    private int removalsExpected = -1;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** The socket this JVM's libpcsclite uses, set in its C environment before the first PC/SC call. */
    public static synchronized Path socket() {
        if (socket == null) {
            try {
                // Short: a Unix socket path must stay under 108 bytes.
                socket = Files.createTempDirectory("pcsc").resolve("pcscd.comm");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            if (CLib.INSTANCE.setenv("PCSCLITE_CSOCK_NAME", socket.toString(), 1) != 0) {
                throw new AssertionError("setenv PCSCLITE_CSOCK_NAME failed");
            }
        }
        return socket;
    }

    public void start() throws IOException {
        Path pcscdBin = Peers.require("pcscd", "apt-get install pcscd");
        Path activate = Peers.require("systemd-socket-activate", "apt-get install systemd");
        if (!Files.exists(Path.of(VPCD_DRIVER))) {
            throw new AssertionError("test peer vpcd (" + VPCD_DRIVER + ") is not installed: apt-get install "
                    + "vsmartcard-vpcd (bin/test installs every peer)");
        }
        dir = Files.createTempDirectory("tokentray-pcsc-");
        port = freePortPair();
        Path conf = dir.resolve("reader.conf");
        Files.writeString(conf, "FRIENDLYNAME \"Virtual PCD\"\n"
                + "DEVICENAME   /dev/null:0x" + Integer.toHexString(port) + "\n"
                + "LIBPATH      " + VPCD_DRIVER + "\n"
                + "CHANNELID    0x" + Integer.toHexString(port) + "\n");
        startDaemon(pcscdBin, activate, conf);
    }

    private void startDaemon(Path pcscdBin, Path activate, Path conf) throws IOException {
        Path sock = socket();
        Files.deleteIfExists(sock);
        pcscd = ManagedProcess.start("pcscd", List.of(activate.toString(), "-l", sock.toString(), pcscdBin.toString(),
                "--foreground", "--debug", "-c", conf.toString()), Map.of(), dir);
        // systemd-socket-activate starts pcscd on the first connection: make it now.
        Instant deadline = Instant.now().plus(STARTUP);
        while (true) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                break;
            } catch (IOException e) {
                if (!pcscd.process().isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("pcscd did not listen on " + sock + ": " + pcscd.logText());
                }
                FreePort.sleep(20);
            }
        }
        awaitLog("daemon ready", 1);
    }

    /** Stops pcscd (as if the service were not running); {@link #restartDaemon()} brings it back. */
    public void stopDaemon() {
        remove();
        if (pcscd != null) {
            pcscd.close();
            pcscd = null;
        }
        try {
            Files.deleteIfExists(socket());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public void restartDaemon() throws IOException {
        stopDaemon();
        startDaemon(Peers.require("pcscd", "apt-get install pcscd"),
                Peers.require("systemd-socket-activate", "apt-get install systemd"), dir.resolve("reader.conf"));
    }

    public void stop() {
        stopDaemon();
    }

    /** Environment for a child process (e.g. bin/tokentray) that should use this pcscd. */
    public Map<String, String> env() {
        return Map.of("PCSCLITE_CSOCK_NAME", socket().toString());
    }

    /** Plugs {@code card} into vpcd's first reader and waits until pcscd has powered it up. */
    public void insert(VirtualOathCard newCard) {
        remove();
        if (removalsExpected >= 0) {
            awaitLog("Card Removed From", removalsExpected);
            removalsExpected = -1;
        }
        int inserted = count("Card ATR:");
        newCard.plugInto(port, STARTUP, count("Card Removed From"));
        card = newCard;
        awaitLog("Card ATR:", inserted + 1);
    }

    /** Pulls the card out and waits until pcscd has noticed. */
    public void remove() {
        yank();
        if (removalsExpected >= 0) {
            awaitLog("Card Removed From", removalsExpected);
            removalsExpected = -1;
        }
    }

    /** Pulls the card out without waiting: for removal in the middle of an exchange. */
    public void yank() {
        if (card != null) {
            removalsExpected = card.removalsBefore() + 1;
            card.unplug();
            card = null;
        }
    }

    public String log() {
        return pcscd == null ? "" : pcscd.logText();
    }

    private int count(String text) {
        Matcher m = Pattern.compile(Pattern.quote(text)).matcher(log());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void awaitLog(String text, int times) {
        Instant deadline = Instant.now().plus(STARTUP);
        while (count(text) < times) {
            if (pcscd == null || !pcscd.process().isAlive()) {
                throw new AssertionError("pcscd exited: " + log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pcscd did not log '" + text + "' within " + STARTUP + ": " + log());
            }
            FreePort.sleep(20);
        }
    }

    private static int freePortPair() {
        for (int i = 0; i < 50; i++) {
            int p = FreePort.find();
            if (p < 0xFFFF && !FreePort.accepting(p + 1) && bindable(p + 1)) {
                return p;
            }
        }
        throw new AssertionError("no two free consecutive loopback ports for vpcd");
    }

    private static boolean bindable(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private interface CLib extends Library {
        CLib INSTANCE = Native.load("c", CLib.class);

        int setenv(String name, String value, int overwrite);
    }
}
