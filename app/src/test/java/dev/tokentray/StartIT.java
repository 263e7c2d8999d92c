package dev.tokentray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, read from README.md and run as a new user would, with apt-get, sudo
 * and mvn replaced by recorders on PATH: on this machine, which has everything, it must start the
 * tray and start none of them; with Maven or apt-get taken off PATH it must take the way a fresh
 * machine takes.
 */
class StartIT {
    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop();

    @TempDir
    Path tmp;

    /** Removes the links of {@link #pathWithout}, which JUnit would warn about one by one. */
    @AfterEach
    void removeLinks() throws IOException {
        Path dir = tmp.resolve("path");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> links = Files.list(dir)) {
                for (Path link : (Iterable<Path>) links::iterator) {
                    Files.delete(link);
                }
            }
        }
    }

    /** The first line of README.md's first sh block, without its comment. */
    private static String readmeFirstCommand() throws IOException {
        List<String> lines = Files.readAllLines(Project.root().resolve("README.md"));
        int block = lines.indexOf("```sh");
        assertTrue(block >= 0, "README.md has an sh block");
        return lines.get(block + 1).replaceFirst("\\s+#\\s.*$", "").strip();
    }

    /**
     * A directory of recorders named after {@code names}: each appends its name and arguments as
     * one line to calls.log and exits with {@code exit}.
     */
    private Path recorders(int exit, String... names) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("recorders"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (String name : names) {
            Path script = dir.resolve(name);
            Files.writeString(script, "#!/bin/sh\necho \"" + name + " $*\" >> '" + calls() + "'\nexit " + exit + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    private Path calls() {
        return tmp.resolve("recorders/calls.log");
    }

    private List<String> recorded() throws IOException {
        return Files.exists(calls()) ? Files.readAllLines(calls()) : List.of();
    }

    /**
     * A directory standing for this machine's PATH without {@code absent}: a link to every other
     * command on PATH (the first of each name, as the shell would find it).
     */
    private Path pathWithout(Set<String> absent) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("path"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
            Path bin = Path.of(entry);
            if (!Files.isDirectory(bin)) {
                continue;
            }
            try (Stream<Path> commands = Files.list(bin)) {
                for (Path command : (Iterable<Path>) commands::iterator) {
                    Path link = dir.resolve(command.getFileName().toString());
                    if (!absent.contains(link.getFileName().toString()) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)
                            && Files.isExecutable(command) && !Files.isDirectory(command)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        return dir;
    }

    private Map<String, String> env(TestHome home, String path) {
        Map<String, String> env = new HashMap<>(home.envMap());
        env.put("PATH", path);
        return env;
    }

    private static List<String> shell(String command, Path dir) {
        return List.of("sh", "-c", "cd '" + dir + "' && " + command);
    }

    @Test
    void onAMachineThatHasEverythingItInstallsNothingBuildsNothingAndTheIconAppears() throws Exception {
        TestHome home = new TestHome(tmp.resolve("home"));
        Path recorders = recorders(1, "apt-get", "sudo", "mvn");
        Map<String, String> env = env(home, recorders + File.pathSeparator + System.getenv("PATH"));
        env.putAll(desktop.env());
        String command = readmeFirstCommand();
        try (ManagedProcess start = ManagedProcess.start("start", shell(command, Project.root()), env, null)) {
            String icon = null;
            Instant deadline = Instant.now().plusSeconds(60);
            while (icon == null && start.process().isAlive() && Instant.now().isBefore(deadline)) {
                try {
                    icon = desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(1));
                } catch (AssertionError notYet) {
                    // the window is not there yet
                }
            }
            assertEquals(List.of(), recorded(), "`" + command + "` on a machine that has every package and an up-to-date"
                    + " build started these:\n" + start.logText());
            assertTrue(icon != null, "`" + command + "` put no icon in the tray:\n" + start.logText());
            desktop.screenshot("start-tray-icon");
        }
    }

    @Test
    void asAnotherUserWithEverythingThereItAsksNoSudoAndGoesStraightToTheTray() throws Exception {
        TestHome home = new TestHome(tmp.resolve("home"));
        Files.setPosixFilePermissions(tmp.resolve("home"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Path recorders = recorders(1, "apt-get", "sudo", "mvn");
        Files.writeString(calls(), "");
        Files.setPosixFilePermissions(calls(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, String> env = env(home, recorders + File.pathSeparator + System.getenv("PATH"));
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups"));
        command.addAll(shell(readmeFirstCommand(), Project.root()));
        // No DISPLAY: the tray says so and stops, which shows the command got as far as the tray.
        Run run = TestHome.process(command, "", env);
        assertEquals(List.of(), recorded(), run.toString());
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().endsWith("tokentray: no X display to put the tray on: DISPLAY is not set; start it from your"
                + " desktop session, or use the CLI (`tokentray --help`)\n"), run.err());
    }

    @Test
    void withoutMavenOnADebianMachineItAsksAptGetForMavenThroughSudoUnlessRoot() throws Exception {
        TestHome home = new TestHome(tmp.resolve("home"));
        Path recorders = recorders(0, "apt-get", "sudo");
        Files.writeString(calls(), "");
        Files.setPosixFilePermissions(calls(), PosixFilePermissions.fromString("rw-rw-rw-"));
        // A machine without the maven package: neither mvn on PATH nor maven in dpkg's answers.
        Path path = pathWithout(Set.of("mvn", "apt-get", "sudo", "dpkg-query"));
        Path dpkgQuery = path.resolve("dpkg-query");
        Files.writeString(dpkgQuery, "#!/bin/sh\n" + String.join(" ", "'" + Peers.require("dpkg-query", "apt-get install dpkg") + "'", "\"$@\"",
                "| grep -v '^[a-z ]*|maven|'\n"));
        Files.setPosixFilePermissions(dpkgQuery, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = env(home, recorders + File.pathSeparator + path);
        String readme = readmeFirstCommand();

        Run asRoot = TestHome.process(shell(readme, Project.root()), "", env);
        // The recorder installs nothing, so Maven is still missing after apt-get: one line says so.
        assertEquals(List.of("apt-get update -qq", "apt-get install -y -qq --no-install-recommends maven"), recorded(),
                asRoot.toString());
        assertEquals(1, asRoot.exit(), asRoot.toString());
        assertEquals("bin/start: installing Debian packages: maven\n", asRoot.out(), asRoot.toString());
        assertEquals("bin/start: apt-get installed maven, yet Maven (mvn) cannot be found; see apt-get's lines above\n",
                asRoot.err(), asRoot.toString());

        Files.writeString(calls(), "");
        List<String> asNobody = new ArrayList<>(List.of("setpriv", "--reuid", "nobody", "--regid", "nogroup", "--clear-groups"));
        asNobody.addAll(shell(readme, Project.root()));
        Run run = TestHome.process(asNobody, "", env);
        assertEquals(List.of("sudo apt-get update -qq", "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends maven"),
                recorded(), run.toString());
    }

    @Test
    void withoutAptGetAndMavenItSaysWhatToInstallInOneLine() throws Exception {
        TestHome home = new TestHome(tmp.resolve("home"));
        Map<String, String> env = env(home, pathWithout(Set.of("mvn", "apt-get", "dpkg-query")).toString());
        Run run = TestHome.process(shell(readmeFirstCommand(), Project.root()), "", env);
        assertEquals(1, run.exit(), run.toString());
        assertEquals("", run.out(), run.toString());
        assertEquals("bin/start: needs Maven (mvn): install with your package manager (the JDK may also be given by"
                + " JAVA_HOME), then run bin/start again\n", run.err());
    }

    @Test
    void itBuildsWhenASourceChangedSinceTheLastBuildAndOnlyThen() throws Exception {
        // A copy of what the build reads, with a jar that stands for the last build.
        Path root = Project.root();
        Path copy = Files.createDirectories(tmp.resolve("checkout"));
        for (String part : List.of("bin", "pom.xml", "app/pom.xml", "app/src/main")) {
            copyTree(root.resolve(part), copy.resolve(part));
        }
        Path jar = copy.resolve("app/target/tokentray.jar");
        Files.createDirectories(copy.resolve("app/target/lib"));
        Files.writeString(copy.resolve("app/target/lib/javafx-graphics-21-linux.jar"), "");
        Files.writeString(jar, "not a jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        TestHome home = new TestHome(tmp.resolve("home"));
        Path recorders = recorders(1, "apt-get", "sudo", "mvn");
        Map<String, String> env = env(home, recorders + File.pathSeparator + System.getenv("PATH"));
        String readme = readmeFirstCommand();

        Run unchanged = TestHome.process(shell(readme, copy), "", env);
        assertEquals(List.of(), recorded(), "nothing changed since the last build, yet: " + unchanged);

        Path source = copy.resolve("app/src/main/java/dev/tokentray/Main.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(120)));
        Run changed = TestHome.process(shell(readme, copy), "", env);
        assertEquals(List.of("mvn -B -q -DskipTests package"), recorded(), changed.toString());
        assertEquals(1, changed.exit(), changed.toString());
        assertEquals("bin/start: the build failed (Maven's lines above say why)\n", changed.err(), changed.toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
