package dev.tokentray.testing;

import dev.tokentray.Env;
import dev.tokentray.cli.CliContext;
import dev.tokentray.cli.Terminal;
import dev.tokentray.cli.TokentrayCommand;
import dev.tokentray.vault.KdfParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private home for one test: HOME with ~/.aws, TOKENTRAY_HOME, the file keyring unless told
 * otherwise, and ways to run tokentray in it, in this JVM or as the real {@code bin/tokentray}.
 */
public final class TestHome {
    /** Cheap Argon2 cost for in-process tests; the real cost is covered by its own tests. */
    public static final KdfParams FAST_KDF = new KdfParams(64, 1, 1);

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private KdfParams kdf = FAST_KDF;

    public TestHome(Path dir) {
        this.home = dir;
        try {
            Files.createDirectories(home.resolve(".aws"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("HOME", home.toString());
        env.put("TOKENTRAY_HOME", home.resolve("tokentray").toString());
        env.put("TOKENTRAY_KEYRING", "file");
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
    }

    public Path home() {
        return home;
    }

    public Path tokentrayHome() {
        return Path.of(env.get("TOKENTRAY_HOME"));
    }

    public Path configFile() {
        return home.resolve(".aws/config");
    }

    public Path credentialsFile() {
        return home.resolve(".aws/credentials");
    }

    public TestHome set(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    public TestHome setAll(Map<String, String> vars) {
        env.putAll(vars);
        return this;
    }

    public TestHome kdf(KdfParams params) {
        this.kdf = params;
        return this;
    }

    public Map<String, String> envMap() {
        return Map.copyOf(env);
    }

    public Env env() {
        return new Env(env);
    }

    public TestHome config(String text) {
        return write(configFile(), text);
    }

    public TestHome credentials(String text) {
        return write(credentialsFile(), text);
    }

    private TestHome write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** What a run printed and returned. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the CLI in this JVM with {@code stdin} as standard input and no terminal. */
    public Run cli(String stdin, String... args) {
        return cli(stdin, NO_TERMINAL, args);
    }

    public Run cli(String stdin, Terminal terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(env(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, kdf, Clock.systemUTC());
        int exit = TokentrayCommand.run(ctx, args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the built {@code bin/tokentray} as a separate process in this home. */
    public Run binary(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Project.root().resolve("bin/tokentray").toString());
        command.addAll(List.of(args));
        return process(command, stdin, env);
    }

    /** Runs any command with this home's environment. */
    public static Run process(List<String> command, String stdin, Map<String, String> environment) {
        return process(command, stdin.getBytes(StandardCharsets.UTF_8), environment);
    }

    /** Runs any command with this home's environment and these bytes (not always text) on its stdin. */
    public static Run process(List<String> command, byte[] stdin, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process p = builder.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // process gone
                }
            });
            errReader.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " hung");
            }
            errReader.join();
            return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A terminal that is not there, as in CI or under an IDE. */
    public static final Terminal NO_TERMINAL = new Terminal() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public char[] readSecret(String prompt) {
            return null;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }
    };
}
