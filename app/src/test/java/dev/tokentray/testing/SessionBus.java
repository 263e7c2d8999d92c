package dev.tokentray.testing;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A private D-Bus session bus (a real dbus-daemon) listening on a socket in a directory of the
 * caller's. Nothing can be D-Bus-activated on it: the only services are the ones a test starts,
 * so a test never talks to (or wakes up) the machine's own keyring or notification daemon.
 */
public final class SessionBus implements AutoCloseable {
    private final ManagedProcess daemon;
    private final String address;

    private SessionBus(ManagedProcess daemon, String address) {
        this.daemon = daemon;
        this.address = address;
    }

    /** Starts a bus whose socket and config live in {@code dir}; {@code env} is the daemon's environment. */
    public static SessionBus start(Path dir, Map<String, String> env) throws IOException {
        String dbus = Peers.require("dbus-daemon", "apt-get install dbus").toString();
        Peers.require("dbus-send", "apt-get install dbus-bin");
        Path socket = dir.resolve("bus");
        String address = "unix:path=" + socket;
        // No <servicedir>: an activated Secret Service would be locked and make every store wait
        // for a prompt nobody sees; an activated notification server would hide a missing one.
        Path config = dir.resolve("bus.conf");
        Files.writeString(config, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>%s</listen>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(address));
        ManagedProcess daemon = ManagedProcess.start("dbus", List.of(dbus, "--config-file=" + config, "--nofork"),
                env, dir);
        SessionBus bus = new SessionBus(daemon, address);
        try {
            awaitFile(socket, daemon);
            awaitListening(socket, daemon);
        } catch (AssertionError e) {
            bus.close();
            throw e;
        }
        return bus;
    }

    public String address() {
        return address;
    }

    /** DBUS_SESSION_BUS_ADDRESS for a child that should use this bus (and no other). */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DBUS_SESSION_BUS_ADDRESS", address);
        return env;
    }

    /** Whether some connection owns {@code name} on this bus right now. */
    public boolean hasOwner(String name) {
        Map<String, String> env = new HashMap<>(env());
        env.put("PATH", System.getenv("PATH"));
        TestHome.Run run = TestHome.process(List.of("dbus-send", "--session", "--print-reply",
                "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                "string:" + name), "", env);
        if (run.exit() != 0) {
            throw new AssertionError("dbus-send NameHasOwner failed on " + address + ": " + run.err());
        }
        return run.out().contains("boolean true");
    }

    /** Waits until {@code name} has an owner; fails early if {@code owner} (the process that should take it) exits. */
    public void awaitName(String name, ManagedProcess owner, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (hasOwner(name)) {
                return;
            }
            if (!owner.process().isAlive()) {
                throw new AssertionError(owner + " exited before taking " + name + ": " + owner.logText());
            }
            FreePort.sleep(100);
        }
        throw new AssertionError(name + " did not appear on " + address + "; log " + owner.log());
    }

    @Override
    public void close() {
        daemon.close();
    }

    /**
     * The daemon binds its socket (the file appears) a moment before it listens on it: a client
     * connecting in between is refused, which a test would take for "no bus".
     */
    private static void awaitListening(Path socket, ManagedProcess owner) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return;
            } catch (IOException refused) {
                if (!owner.process().isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the bus at " + socket + " does not accept connections: " + refused
                            + "; log " + owner.log());
                }
                FreePort.sleep(20);
            }
        }
    }

    private static void awaitFile(Path file, ManagedProcess owner) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(file)) {
                return;
            }
            if (!owner.process().isAlive()) {
                throw new AssertionError("dbus-daemon exited: " + owner.logText());
            }
            FreePort.sleep(20);
        }
        throw new AssertionError("dbus-daemon did not create " + file);
    }
}
