package dev.tokentray.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another local user on this machine, {@code nobody}, for tests of what one user can do to
 * another's tokentray: the tests run as root, and {@code setpriv} drops to nobody for each
 * command. Its files go into {@link #shared()}, a sticky world-writable directory like /tmp.
 */
public final class OtherUser implements AutoCloseable {
    public static final int UID = 65534;
    /** The session a fake agent answers with; a victim that prints it was fooled. */
    public static final String FAKE_AGENT_KEY = "AKIAFAKEAGENT0000000";

    private static final String PYTHON = "/usr/bin/python3";
    /**
     * A fake agent: over a Unix socket ({@code socket PATH LOG}), the named pipes
     * ({@code fifos AGENT_DIR LOG}) or one planted reply FIFO ({@code reply PATH LOG}) it records every byte it receives into LOG and answers with
     * {@link #FAKE_AGENT_KEY}. Prints "ready" once it listens.
     */
    private static final String FAKE_AGENT = String.join("\n",
            "import fcntl, json, os, socket, sys, time",
            "mode, path, log = sys.argv[1], sys.argv[2], sys.argv[3]",
            "reply = (json.dumps({'Status': 'ok', 'AccessKeyId': '" + FAKE_AGENT_KEY + "',",
            "    'SecretAccessKey': 'fake', 'SessionToken': 'fake', 'Expiration': '2099-01-01T00:00:00Z',",
            "    'ExpiresAt': 4070908800}) + '\\n').encode()",
            "def record(data):",
            "    with open(log, 'ab') as f:",
            "        f.write(data)",
            "os.umask(0)",
            "if mode == 'socket':",
            "    s = socket.socket(socket.AF_UNIX)",
            "    s.bind(path)",
            "    os.chmod(path, 0o777)",
            "    s.listen(64)",
            "    print('ready', flush=True)",
            "    while True:",
            "        c, _ = s.accept()",
            "        c.settimeout(5)",
            "        try:",
            "            record(c.recv(65536))",
            "            c.sendall(reply)",
            "        except OSError:",
            "            pass",
            "        c.close()",
            "elif mode == 'reply':",  // a reply FIFO that already holds an answer
            "    os.mkfifo(path, 0o666)",
            "    fd = os.open(path, os.O_RDWR)",
            "    os.write(fd, reply)",
            "    print('ready', flush=True)",
            "    while True:",  // held open, never read: the answer waits in the pipe for the victim
            "        time.sleep(3600)",
            "else:",
            "    os.makedirs(os.path.join(path, 'replies', 'free'), 0o777, exist_ok=True)",
            "    os.makedirs(os.path.join(path, 'replies', 'taken'), 0o777, exist_ok=True)",
            "    lock = open(os.path.join(path, 'agent.lock'), 'w')",
            "    fcntl.lockf(lock, fcntl.LOCK_EX)",  // what a live agent holds
            "    requests = os.path.join(path, 'requests')",
            "    os.mkfifo(requests, 0o666)",
            "    for i in range(8):",
            "        os.mkfifo(os.path.join(path, 'replies', 'free', '%032x' % i), 0o666)",
            "    fd = os.open(requests, os.O_RDWR)",
            "    print('ready', flush=True)",
            "    pending = b''",
            "    while True:",
            "        pending += os.read(fd, 65536)",
            "        while b'\\n' in pending:",
            "            line, pending = pending.split(b'\\n', 1)",
            "            record(line + b'\\n')",
            "            try:",
            "                name = json.loads(line)['Reply']",
            "                out = os.open(os.path.join(path, 'replies', 'taken', name), os.O_RDWR)",
            "                os.write(out, reply)",
            "                os.close(out)",
            "            except (OSError, ValueError, KeyError):",
            "                pass",
            "");

    private final Path shared;
    private final List<ManagedProcess> started = new ArrayList<>();

    /** Makes a sticky, world-writable directory in /tmp for both users. */
    public OtherUser() {
        try {
            shared = Files.createTempDirectory(Path.of("/tmp"), "tokentray-shared-");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
            // Sticky, like /tmp: only an entry's owner may remove or rename it.
            TestHome.Run sticky = TestHome.process(List.of("chmod", "1777", shared.toString()), "", System.getenv());
            if (sticky.exit() != 0) {
                throw new AssertionError("chmod 1777 " + shared + ": " + sticky);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Peers.require("setpriv", "apt-get install util-linux");
    }

    /** Where both users may create files, as in /tmp. */
    public Path shared() {
        return shared;
    }

    /** Runs {@code command} as this user; fails the test when it fails. */
    public TestHome.Run run(String... command) {
        TestHome.Run run = TestHome.process(asThisUser(List.of(command)), "", System.getenv());
        if (run.exit() != 0) {
            throw new AssertionError("as uid " + UID + ": " + String.join(" ", command) + " failed: " + run);
        }
        return run;
    }

    /** Runs a shell command as this user, with umask 000 (everything it makes is open to all). */
    public TestHome.Run sh(String script) {
        return run("/bin/sh", "-c", "umask 000; " + script);
    }

    /** Writes {@code text} into {@code file} as this user (the file is theirs, mode 0666). */
    public void plant(Path file, String text) {
        try {
            Path source = Files.createTempFile(shared, "plant-", ".txt");
            Files.writeString(source, text);
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
            sh("cat '" + source + "' > '" + file + "'");
            Files.delete(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a fake agent as this user: {@code socket} listens at {@code path}; {@code fifos}
     * makes the named-pipe transport in the agent directory {@code path}; {@code reply} makes a
     * reply FIFO at {@code path} that already holds its answer. What it receives goes to
     * {@link FakeAgent#received()}.
     */
    public FakeAgent fakeAgent(String mode, Path path) {
        try {
            Path script = Files.createTempFile(shared, "fake-agent-", ".py");
            Files.writeString(script, FAKE_AGENT);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
            Path log = shared.resolve("fake-agent-" + System.nanoTime() + ".log");
            sh(": > '" + log + "'");
            ManagedProcess agent = ManagedProcess.start("fake-agent", asThisUser(List.of(PYTHON, script.toString(),
                    mode, path.toString(), log.toString())), System.getenv(), null);
            started.add(agent);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!agent.logText().contains("ready")) {
                if (!agent.process().isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the fake agent did not start: " + agent.logText());
                }
                Thread.sleep(20);
            }
            return new FakeAgent(agent, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A fake agent run by this user. */
    public record FakeAgent(ManagedProcess process, Path log) {
        /** Every byte a victim sent it. */
        public String received() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<String> asThisUser(List<String> command) {
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=65534", "--clear-groups"));
        out.addAll(command);
        return out;
    }

    /** Stops what this user started and removes the shared directory (root may). */
    @Override
    public void close() {
        started.forEach(ManagedProcess::close);
        try (var files = Files.walk(shared)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
