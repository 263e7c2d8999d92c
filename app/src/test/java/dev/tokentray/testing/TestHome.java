package dev.tokentray.testing;

import dev.tokentray.Env;
import dev.tokentray.cli.CliContext;
import dev.tokentray.cli.Terminal;
import dev.tokentray.cli.TokentrayCommand;
import dev.tokentray.vault.KdfParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A private home for one test: HOME with ~/.aws, TOKENTRAY_HOME, the file keyring and no headless
 * agent unless told otherwise, and ways to run tokentray in it, in this JVM or as the real
 * {@code bin/tokentray}.
 */
public final class TestHome {
    /** Cheap Argon2 cost for in-process tests; the real cost is covered by its own tests. */
    public static final KdfParams FAST_KDF = new KdfParams(64, 1, 1);

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private KdfParams kdf = FAST_KDF;
    private Duration deadline = DEADLINE;

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
        // No shim of a test starts the headless agent unless the test asks for it (set it to null):
        // tests share the machine, and an agent left behind would outlive its test.
        env.put("TOKENTRAY_AGENT", "off");
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

    /** How long {@link #cli} and {@link #binary} may run before they are stopped ({@link #DEADLINE} unless told). */
    public TestHome deadline(Duration limit) {
        this.deadline = limit;
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

    /**
     * How long one run of tokentray or of any command may take: well under JUnit's own timeout
     * for a test, so a hung run is stopped here, with what it printed, and not left running.
     */
    public static final Duration DEADLINE = Duration.ofSeconds(120);

    /** Runs the CLI in this JVM with {@code stdin} as standard input and no terminal. */
    public Run cli(String stdin, String... args) {
        return cli(stdin, NO_TERMINAL, args);
    }

    /**
     * Runs the CLI in this JVM, on a thread of its own so that a run still going at its deadline
     * ({@link #deadline(Duration)}) is stopped (the thread interrupted, every process it started
     * killed) and reported with what it printed so far.
     */
    public Run cli(String stdin, Terminal terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(env(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, kdf, Clock.systemUTC());
        Set<ProcessHandle> before = ProcessHandle.current().descendants().collect(Collectors.toSet());
        FutureTask<Integer> run = new FutureTask<>(() -> TokentrayCommand.run(ctx, args));
        Thread thread = new Thread(run, "tokentray " + String.join(" ", args));
        thread.setDaemon(true);
        thread.start();
        String what = "tokentray " + String.join(" ", args) + " (in this JVM)";
        try {
            int exit = run.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Run(exit, text(out), text(err));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new AssertionError(what + " threw", e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            thread.interrupt();
            ProcessHandle.current().descendants().filter(h -> !before.contains(h)).forEach(ProcessHandle::destroyForcibly);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError(stopped(what, e instanceof InterruptedException ? null : deadline, text(out),
                    text(err)));
        }
    }

    /** Runs the built {@code bin/tokentray} as a separate process in this home. */
    public Run binary(String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Project.root().resolve("bin/tokentray").toString());
        command.addAll(List.of(args));
        return process(command, stdin.getBytes(StandardCharsets.UTF_8), env, deadline);
    }

    /** Runs any command with this home's environment. */
    public static Run process(List<String> command, String stdin, Map<String, String> environment) {
        return process(command, stdin.getBytes(StandardCharsets.UTF_8), environment);
    }

    /** Runs any command with this home's environment and these bytes (not always text) on its stdin. */
    public static Run process(List<String> command, byte[] stdin, Map<String, String> environment) {
        return process(command, stdin, environment, DEADLINE);
    }

    /**
     * Runs any command and waits, up to {@code deadline}, until it has exited and its output has
     * ended. At the deadline the command and every process it started are killed, and the run
     * fails with what it printed. What it started is found three ways: its descendants at the end,
     * those seen by a look every second while it ran, and whatever still holds its output.
     */
    public static Run process(List<String> command, byte[] stdin, Map<String, String> environment, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Process p;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment);
            p = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Path> pipes = outputPipes(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = drain(p.getInputStream(), out, command + " stdout");
        Thread errReader = drain(p.getErrorStream(), err, command + " stderr");
        // A thread of its own: a command that does not read its stdin must not stall this one.
        Thread feeder = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException stoppedReading) {
                // the command exited or closed its stdin: what it did not read is its business
            }
        }, command + " stdin");
        feeder.setDaemon(true);
        feeder.start();
        Set<ProcessHandle> started = new HashSet<>();
        boolean finished = false;
        try {
            while (p.isAlive() && System.nanoTime() < end) {
                p.descendants().forEach(started::add);
                p.waitFor(Math.min(1000, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1), TimeUnit.MILLISECONDS);
            }
            if (p.isAlive()) {
                throw new AssertionError(stopped(command.toString(), deadline, text(out), text(err)));
            }
            // Output ends when every process holding it has gone, the command's leftovers too.
            outReader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            errReader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            if (outReader.isAlive() || errReader.isAlive()) {
                throw new AssertionError(command + " exited " + p.exitValue() + " but a process it started still held"
                        + " its output open after " + deadline.toSeconds() + " s: stopped what it started. What it"
                        + " printed:\n" + new Run(p.exitValue(), text(out), text(err)));
            }
            finished = true;
            return new Run(p.exitValue(), text(out), text(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(stopped(command.toString(), null, text(out), text(err)));
        } finally {
            // Only a run that failed here is cleaned up: what a finished command left running (a
            // browser it started, say) is the test's to wait for.
            if (!finished) {
                p.descendants().forEach(started::add);
                started.addAll(holders(pipes));
                started.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /** The pipes the command writes its stdout and stderr into, as /proc names them ("pipe:[N]"). */
    private static Set<Path> outputPipes(Process p) {
        Set<Path> pipes = new HashSet<>();
        for (String fd : List.of("1", "2")) {
            try {
                Path link = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "fd", fd));
                if (link.toString().startsWith("pipe:")) {
                    pipes.add(link);
                }
            } catch (IOException | UnsupportedOperationException gone) {
                // exited already (or no /proc): its leftovers are then found as descendants only
            }
        }
        return pipes;
    }

    /** Every process but this one that holds one of {@code pipes} open. */
    private static Set<ProcessHandle> holders(Set<Path> pipes) {
        Set<ProcessHandle> holders = new HashSet<>();
        if (pipes.isEmpty()) {
            return holders;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (pipes.contains(Files.readSymbolicLink(fd))) {
                            ProcessHandle.of(pid).ifPresent(holders::add);
                            break;
                        }
                    }
                } catch (IOException gone) {
                    // the process (or one of its descriptors) went away meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc to look in: only the descendants are stopped
        }
        return holders;
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to, String name) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the stream was closed under us: what came so far is kept
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** @param deadline the deadline it ran into, or null when the wait for it was interrupted (JUnit's timeout) */
    private static String stopped(String what, Duration deadline, String out, String err) {
        return what + (deadline == null ? " was interrupted (JUnit's timeout?)" : " was still running after "
                + deadline.toSeconds() + " s") + ": stopped it and every process it started. What it printed:\n"
                + "--- stdout\n" + out + "--- stderr\n" + err;
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
