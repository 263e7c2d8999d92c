package dev.tokentray.shim;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.Env;
import dev.tokentray.Main;
import dev.tokentray.agent.AgentProtocol;
import dev.tokentray.agent.AgentServer;
import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.KeyringBackend;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.cache.SecretServiceReader;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The shim's class-data-sharing archive: the classes a credential_process call loads, mapped
 * ready-made by every later call. One recorder for every place that makes it (bin/tokentray after
 * a build, the .deb's install script, and the installed tray where the package could not: on macOS
 * into the user's cache folder, on Windows into the per-user install folder; see
 * {@link #installedArchive}):
 * <ol>
 * <li>a training run lists the classes of the shim's fast paths: it runs the real shim in child
 * JVMs with {@code -XX:DumpLoadedClassList}, once answered by an agent (run in this process), once
 * from the file cache and, where the OS keyring is the Secret Service, once from a keyring item
 * (served by {@link TrainingSecretService}, in this process), in a throw-away home, each of which
 * must answer with the training session. Only the shim's runs are listed: an
 * archive that also held the agent's classes (server, JNA, thread pools) measured 7–10 % slower
 * to start, as every archived class is mapped and checked on every call;
 * <li>a static dump writes them, with the JDK classes they need, into the archive (with G1, the
 * shim's collector: only G1 maps the archive's heap objects in JDK 17; the tray maps its classes
 * under the serial GC). JDK 17 ties an archive to the class
 * path it was dumped with, so it is made with this process's runtime and class path, which must
 * be the launcher's, and made where the jars are installed.
 * </ol>
 */
public final class ShimArchive {
    private static final String PROFILE = "training";
    /** How the user's archives are named: this prefix, the app's version, a digest of its install folder. */
    private static final String ARCHIVE_PREFIX = "tokentray-";

    private ShimArchive() {
    }

    /** Records the archive into {@code archive}, replacing it whole: parallel recorders cannot tear it. */
    public static void record(Path archive) throws IOException, InterruptedException {
        record(archive, Path.of(System.getProperty("java.io.tmpdir")), System.getProperty("os.name", ""));
    }

    /** {@link #record(Path)} with training in a folder under {@code tmp}, or /tmp if that is too deep for {@code os}. */
    static void record(Path archive, Path tmp, String os) throws IOException, InterruptedException {
        Path work = TrainingDir.create(TrainingDir.root(tmp, os));
        Path temp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Path classList = work.resolve("shim.classlist");
            train(work, classList);
            run(List.of(java(), "-XX:+UseG1GC", "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + temp, "-Xlog:disable", "-cp", classPath(), Main.class.getName()), Map.of());
            if (!Files.isRegularFile(temp) || Files.size(temp) == 0) {
                throw new IOException("the JVM wrote no archive");
            }
            Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void train(Path work, Path classList) throws IOException, InterruptedException {
        Env env = TrainingDir.env(work);
        Session session = new Session("ASIATRAINING00000000", "s", "t", Instant.now().plusSeconds(3600));
        List<Path> lists = new ArrayList<>();
        try (AgentServer agent = new AgentServer(AgentProtocol.socket(env), profile -> session, Clock.systemUTC())) {
            lists.add(shimCall(env, work.resolve("agent.classlist")));
        }
        new SessionCache(new FileKeyringBackend(env.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey(PROFILE), session);
        lists.add(shimCall(env, work.resolve("cache.classlist")));
        if (SecretServiceReader.ID.equals(KeyringBackends.nativeId())) {
            // Where the OS keyring is the Secret Service, a keyring hit too, as auto (the default)
            // reads it: its Unix socket alone starts ~150 JDK classes, which the archive spares
            // every later call (bench/shim). A home of its own, without the file cache, so that
            // only the keyring can answer.
            byte[] stored = storedForm(session);
            try (TrainingSecretService keyring = TrainingSecretService.start(work.resolve("bus"), stored)) {
                Map<String, String> vars = new HashMap<>(env.asMap());
                vars.put("TOKENTRAY_HOME", work.resolve("k").toString());
                vars.put(KeyringBackends.VARIABLE, "auto");
                vars.put("DBUS_SESSION_BUS_ADDRESS", keyring.address());
                lists.add(shimCall(new Env(vars), work.resolve("keyring.classlist")));
            } finally {
                Arrays.fill(stored, (byte) 0);
            }
        }
        Set<String> union = new LinkedHashSet<>();
        for (Path list : lists) {
            union.addAll(Files.readAllLines(list, StandardCharsets.UTF_8));
        }
        Files.write(classList, union, StandardCharsets.UTF_8);
    }

    /** {@code session} as the session cache stores it in a keyring item: its JSON, in UTF-8. */
    private static byte[] storedForm(Session session) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new SessionCache(new KeyringBackend() {
            @Override
            public String id() {
                return "training";
            }

            @Override
            public String displayName() {
                return "training";
            }

            @Override
            public char[] load(String key) {
                return null;
            }

            @Override
            public void store(String key, char[] secret) {
                json.writeBytes(new String(secret).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void delete(String key) {
            }
        }).put(SessionCache.profileKey(PROFILE), session);
        return json.toByteArray();
    }

    /**
     * One shim call in a child JVM that lists the classes it loads. It must answer with the
     * training session, as a hit does: a call that fell through to the full CLI would list the
     * wrong classes.
     */
    private static Path shimCall(Env env, Path classList) throws IOException, InterruptedException {
        Path out = classList.resolveSibling(classList.getFileName() + ".out");
        ProcessBuilder pb = ChildEnvironment.builder(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseG1GC",
                "-Xshare:off", "-XX:DumpLoadedClassList=" + classList, "-cp", classPath(), Main.class.getName(),
                "credential-process", PROFILE));
        pb.environment().putAll(env.asMap());
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = pb.start();
        child.getOutputStream().close();
        int exit = child.waitFor();
        String answer = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        if (exit != 0 || !answer.contains("ASIATRAINING00000000") || !Files.exists(classList)) {
            throw new IOException("the training shim call (" + classList.getFileName() + ") did not answer from its"
                    + " training session (exit " + exit + ")");
        }
        return classList;
    }

    private static void run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = ChildEnvironment.builder(command);
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = pb.start();
        child.getOutputStream().close();
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " " + command.get(1) + "… exited with " + exit);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    /**
     * In an installed app (a jpackage launcher runs this process), makes sure the archive the
     * installed CLI uses ({@link #installedArchive}) is there and usable, and records it if not and
     * its folder is writable, on a background thread. That is the archive's only chance on macOS
     * and Windows, where installing runs no Java into the user's own folders; the tray calls it at
     * start. Without it the CLI still runs, only slower to start.
     */
    public static void recordInstalledInBackground(Consumer<String> log) {
        Optional<Path> found = installedArchive(Env.system(), System.getProperty("os.name", ""),
                System.getProperty("jpackage.app-path"), System.getProperty("jpackage.app-version"), classPath());
        if (found.isEmpty()) {
            return;
        }
        Path archive = found.get();
        Thread recorder = new Thread(() -> {
            try {
                Files.createDirectories(archive.getParent());
                if (Files.isWritable(archive.getParent()) && !usable(archive)) {
                    record(archive);
                    removeOtherVersions(archive);
                }
            } catch (IOException | RuntimeException e) {
                log.accept("tokentray: could not record " + archive + " (" + e.getMessage()
                        + "); the tokentray command runs without it, only slower to start");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shim-archive");
        recorder.setDaemon(true);
        recorder.setPriority(Thread.MIN_PRIORITY);
        recorder.start();
    }

    /**
     * Whether a JVM that insists on the archive starts with it: the one check that covers every
     * way an archive goes stale (jars replaced by an update, another runtime).
     */
    static boolean usable(Path archive) throws InterruptedException {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        try {
            run(List.of(java(), "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1",
                    "-XX:+UseG1GC", "-cp", classPath(), Main.class.getName(), "--version"), Map.of());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The archive the installed CLI uses, if this is an installed app ({@code launcher}, the
     * jpackage.app-path property, is set):
     * <ul>
     * <li>on macOS, the user's own in {@link #userArchive}: the app bundle is sealed by its
     * signature, so nothing may be written inside it, and jpackage's launcher cannot name a
     * per-user file, so the CLI on the PATH is a script that finds it there;
     * <li>elsewhere the one the {@code tokentray} launcher's .cfg names beside this process's jar:
     * on Linux the package's, beside the jars (the .deb's postinst records it as root); on Windows
     * in the per-user install folder, the user's own.
     * </ul>
     */
    static Optional<Path> installedArchive(Env env, String os, String launcher, String version, String classPath) {
        if (launcher == null) {
            return Optional.empty();
        }
        Optional<Path> jar = jar(classPath);
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        Path appDir = jar.get().getParent();
        if (os.toLowerCase(Locale.ROOT).contains("mac")) {
            return version == null ? Optional.empty() : Optional.of(userArchive(env, version, appDir));
        }
        Path cfg = appDir.resolve("tokentray.cfg");
        try {
            for (String line : Files.readAllLines(cfg, StandardCharsets.UTF_8)) {
                String option = "java-options=-XX:SharedArchiveFile=";
                if (line.startsWith(option)) {
                    return Optional.of(Path.of(line.substring(option.length()).replace("$APPDIR", appDir.toString()))
                            .normalize());
                }
            }
        } catch (IOException e) {
            // no CLI launcher beside this one
        }
        return Optional.empty();
    }

    /**
     * The user's archive for the app installed in {@code appDir} (its jars' folder, as the class
     * path names it) at {@code version}, in the user's cache folder (~/Library/Caches/tokentray).
     * JDK 17 refuses an archive recorded with other jars or another runtime, silently under
     * -Xshare:auto but then with no class sharing at all, slower than with none named; so the name
     * holds the version and a digest of the install folder (whose runtime and jars it is), and an
     * archive of another version or another copy of the app is never named. The CLI script
     * (installer/macos/tokentray.sh) computes the same name.
     */
    static Path userArchive(Env env, String version, Path appDir) {
        return env.home().resolve("Library/Caches/tokentray")
                .resolve(ARCHIVE_PREFIX + version + "-" + digest(appDir.toString()) + ".jsa");
    }

    /** FNV-1a (32 bits) of the path's UTF-8 bytes, as eight hex digits: a few shell lines compute it too. */
    static String digest(String path) {
        int hash = 0x811c9dc5;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        return String.format("%08x", hash);
    }

    /** Deletes the archives this copy of the app recorded for its earlier versions: nothing names them any more. */
    static void removeOtherVersions(Path archive) throws IOException {
        String name = archive.getFileName().toString();
        if (!name.startsWith(ARCHIVE_PREFIX)) {
            return;
        }
        String sameCopy = name.substring(name.lastIndexOf('-'));
        try (Stream<Path> siblings = Files.list(archive.getParent())) {
            for (Path other : (Iterable<Path>) siblings::iterator) {
                String otherName = other.getFileName().toString();
                if (otherName.startsWith(ARCHIVE_PREFIX) && otherName.endsWith(sameCopy) && !otherName.equals(name)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    /** tokentray.jar on {@code classPath}. */
    private static Optional<Path> jar(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName() != null && path.getFileName().toString().equals("tokentray.jar")) {
                return Optional.of(path.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
