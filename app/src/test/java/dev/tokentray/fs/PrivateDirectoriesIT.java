package dev.tokentray.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories tokentray makes are owner-only from the moment they exist: under umask 000 another
 * local user who watches for them (inotifywait as nobody, adding a watch on each new directory
 * the instant it appears) never gets into one.
 */
class PrivateDirectoriesIT {
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup",
            "--clear-groups");

    @TempDir
    Path tmp;

    @Test
    void anotherUserWatchingForNewDirectoriesNeverGetsIntoOneUnderUmask000() throws Exception {
        // Readable by others up to HOME, as home directories often are.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path top = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestHome home = new TestHome(top);
        Files.delete(top.resolve(".aws"));
        Path keys = Files.createDirectories(tmp.resolve("keys")).resolve("credentials");
        Files.writeString(keys, "[dev]\nregion = eu-west-1\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = plaintext-of-dev\n");
        // A deep chain: every directory on the way is a window the watcher gets to try.
        Path nested = top.resolve(".aws");
        for (int level = 0; level < 30; level++) {
            nested = nested.resolve("d" + level);
        }
        Path tokentrayHome = top.resolve(".local/share/tokentray");
        home.set("AWS_SHARED_CREDENTIALS_FILE", keys.toString())
                .set("AWS_CONFIG_FILE", nested.resolve("config").toString())
                .set("TOKENTRAY_HOME", tokentrayHome.toString())
                .set("TOKENTRAY_VAULT_PASSWORD", "pw");

        Process watcher = new ProcessBuilder(concat(AS_NOBODY, List.of("inotifywait", "-m", "-r", "-q",
                "-e", "create,open,access,close_nowrite,moved_to", "--format", "%w%f", top.toString())))
                .redirectError(tmp.resolve("watcher.err").toFile()).start();
        List<String> events = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(watcher.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (events) {
                        events.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the watcher was stopped
            }
        });
        reader.start();
        try {
            Path probe = top.resolve("probe");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!seen(events, probe.toString()) && System.nanoTime() < deadline) {
                // The watcher is ready once it reports a file made in the directory it watches.
                Files.deleteIfExists(probe);
                Files.createFile(probe);
                Thread.sleep(20);
            }
            assertTrue(seen(events, probe.toString()), "the watcher started: " + Files.readString(tmp.resolve("watcher.err")));

            Run wire = underUmask000(home, "wire", "dev");
            assertEquals(0, wire.exit(), wire.toString());
            Run add = underUmask000(home, "add", "vaulted", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin");
            assertEquals(0, add.exit(), add.toString());
            Files.deleteIfExists(probe);
            Files.createFile(probe.resolveSibling("probe-end"));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!seen(events, probe.resolveSibling("probe-end").toString()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            watcher.destroy();
            watcher.waitFor(10, TimeUnit.SECONDS);
            reader.join();
        }

        List<String> inside;
        synchronized (events) {
            inside = events.stream().filter(e -> e.startsWith(top.resolve(".aws") + "/")
                    || e.startsWith(top.resolve(".local") + "/")).toList();
        }
        System.out.println("watcher: " + events.size() + " events, " + inside.size() + " inside directories tokentray made");
        assertTrue(seen(events, top.resolve(".aws").toString()) && seen(events, top.resolve(".local").toString()),
                "the watcher saw ~/.aws and ~/.local appear: " + events);
        assertEquals(List.of(), inside, "another user watched inside a directory tokentray was making");

        Map<String, String> modes = new TreeMap<>();
        for (Path made : List.of(top.resolve(".aws"), top.resolve(".local"))) {
            try (Stream<Path> all = Files.walk(made)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    modes.put(top.relativize(p).toString(),
                            PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            }
        }
        modes.forEach((path, mode) -> assertEquals(Files.isDirectory(top.resolve(path)) ? "rwx------" : "rw-------",
                mode, path + " under umask 000"));
        assertTrue(modes.containsKey(top.relativize(nested.resolve("config")).toString()), modes.keySet().toString());
        assertTrue(modes.containsKey(".local/share/tokentray/vault.tkv"), modes.keySet().toString());
    }

    private static boolean seen(List<String> events, String path) {
        synchronized (events) {
            return events.contains(path);
        }
    }

    private static Run underUmask000(TestHome home, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000 && exec \"$0\" \"$@\"",
                Project.root().resolve("bin/tokentray").toString()));
        command.addAll(List.of(args));
        return TestHome.process(command, "secret-of-dev\n", home.envMap());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
