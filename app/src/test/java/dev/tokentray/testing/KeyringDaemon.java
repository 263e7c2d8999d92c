package dev.tokentray.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private D-Bus session bus with a real gnome-keyring-daemon (Secret Service) on it, unlocked,
 * for the tests of one class. Processes that should use it get {@link #env()}.
 */
public final class KeyringDaemon implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private SessionBus bus;
    private ManagedProcess keyring;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException {
        String gkd = Peers.require("gnome-keyring-daemon", "apt-get install gnome-keyring").toString();
        Peers.require("secret-tool", "apt-get install libsecret-tools");
        dir = Files.createTempDirectory("tokentray-keyring-");
        bus = SessionBus.start(dir, baseEnv());
        // --unlock reads the login password from stdin and creates/unlocks the login keyring with it.
        keyring = ManagedProcess.start("gnome-keyring",
                List.of(gkd, "--foreground", "--unlock", "--components=secrets"), env(), dir);
        keyring.process().getOutputStream().write("test-keyring-password".getBytes(StandardCharsets.UTF_8));
        keyring.process().getOutputStream().close();
        awaitSecretService();
    }

    public void stop() {
        if (keyring != null) {
            keyring.close();
            keyring = null;
        }
        if (bus != null) {
            bus.close();
            bus = null;
        }
    }

    /** Environment for a child that should talk to this keyring (and to no other). */
    public Map<String, String> env() {
        Map<String, String> env = baseEnv();
        env.putAll(bus.env());
        return env;
    }

    /** Runs secret-tool against this keyring and returns its stdout; fails on a non-zero exit. */
    public String secretTool(String... args) {
        Result r = run("secret-tool", args);
        if (r.exit() != 0) {
            throw new AssertionError("secret-tool " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out();
    }

    /** Runs secret-tool and returns its exit code and output, for lookups that may find nothing. */
    public Result run(String tool, String... args) {
        return runWithInput("", tool, args);
    }

    /** Runs a tool against this keyring with {@code stdin} as its input (secret-tool store reads the secret there). */
    public Result runWithInput(String stdin, String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env());
            Process p = builder.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(tool + " hung");
            }
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + tool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public record Result(int exit, String out, String err) {
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        // gnome-keyring keeps its keyring files under XDG_DATA_HOME and its control socket
        // under XDG_RUNTIME_DIR: both private to this fixture.
        env.put("HOME", dir.toString());
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_RUNTIME_DIR", dir.toString());
        return env;
    }

    private void awaitSecretService() {
        bus.awaitName("org.freedesktop.secrets", keyring, Duration.ofSeconds(30));
        // Stored and found again: the login collection exists and is unlocked.
        Result stored = runWithInput("probe-value", "secret-tool", "store", "--label=tokentray fixture",
                "tokentray-fixture", "probe");
        if (stored.exit() != 0) {
            throw new AssertionError("the fixture keyring refused a store: " + stored.err());
        }
    }
}
