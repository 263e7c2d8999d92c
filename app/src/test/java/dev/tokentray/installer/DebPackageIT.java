package dev.tokentray.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.ManagedProcess;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import dev.tokentray.testing.VirtualDesktop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux package as a person gets it: installer/linux/build makes the .deb from this build's
 * jar, {@code dpkg -i} installs it on this machine (the tests run as root, here and in CI), the
 * installed {@code tokentray} answers, the tray starts from its menu entry into a real XEmbed
 * tray (Xvfb + trayer), and {@code dpkg -r} leaves none of its files behind.
 */
class DebPackageIT {
    private static final Path APP = Path.of("/opt/tokentray");
    private static final Path ON_PATH = Path.of("/usr/bin/tokentray");
    private static final Path DESKTOP_ENTRY = Path.of("/usr/share/applications/tokentray.desktop");
    /** jlink + jpackage took 4 min on the loaded 2-core machine: more than JUnit's default for a whole test. */
    private static final Duration BUILD = Duration.ofMinutes(12);
    /** dpkg -i runs postinst, which records the shim's archive with the installed runtime. */
    private static final Duration DPKG = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    /** The build, the install, the tray and the removal, each with a deadline of its own inside this one. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theDebInstallsAnswersStartsTheTrayAndRemovesWithoutATrace() throws Exception {
        Peers.require("jpackage", "apt-get install openjdk-17-jdk");
        Peers.require("fakeroot", "apt-get install fakeroot");
        Peers.require("dpkg-deb", "apt-get install dpkg-dev");
        Peers.require("dpkg", "apt-get install dpkg");
        Path deb = build();

        Run installed = run(List.of("dpkg", "-i", deb.toString()));
        assertEquals(0, installed.exit(), installed.toString());
        try {
            List<String> packaged = run(List.of("dpkg", "-L", "tokentray")).out().lines().toList();
            assertTrue(packaged.contains("/opt/tokentray/bin/tokentray-tray"), packaged.toString());
            assertTrue(packaged.contains("/opt/tokentray/bin/tokentray"), packaged.toString());
            assertTrue(Files.readString(APP.resolve("share/doc/copyright")).contains("Apache License"),
                    "the licence (jpackage.cfg's --license-file) is installed");
            // What postinst placed outside /opt (dpkg does not list it): the command, the menu entry, the icons.
            List<String> placed = Files.readAllLines(APP.resolve("lib/postinst.list"));
            assertTrue(placed.contains(ON_PATH.toString()), placed.toString());
            assertTrue(placed.contains(DESKTOP_ENTRY.toString()), placed.toString());
            assertTrue(placed.contains("/usr/share/icons/hicolor/48x48/apps/tokentray.png"), placed.toString());
            assertTrue(Files.size(APP.resolve("lib/tokentray.jsa")) > 1_000_000,
                    "postinst recorded the shim's class-data-sharing archive");

            TestHome home = new TestHome(tmp.resolve("home"))
                    .config("[profile dev]\nregion = eu-west-1\n"
                            + "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n"
                            + "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = dev\n");
            for (Path tokentray : List.of(ON_PATH, APP.resolve("bin/tokentray"))) {
                Run version = TestHome.process(List.of(tokentray.toString(), "--version"), "", home.envMap());
                assertEquals(0, version.exit(), tokentray + ": " + version);
                assertTrue(version.out().matches("tokentray \\d+\\.\\d+\\.\\d+.*\\n"), version.out());
            }

            new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                    .put("profile:admin", new Session("ASIADEBDEBDEBDEBDEB1", "s", "t", Instant.now().plus(Duration.ofHours(2))));
            Run shim = TestHome.process(List.of(ON_PATH.toString(), "credential-process", "admin"), "", home.envMap());
            assertEquals(0, shim.exit(), shim.toString());
            assertTrue(shim.out().contains("\"AccessKeyId\":\"ASIADEBDEBDEBDEBDEB1\""), shim.out());
            // The ECS-style endpoint needs jdk.httpserver in the jlinked runtime: a client in the command reads it.
            Run served = TestHome.process(List.of(ON_PATH.toString(), "serve", "admin", "--", "python3", "-c",
                    "import os, urllib.request; r = urllib.request.Request(os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'],"
                            + " headers={'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']});"
                            + " print(urllib.request.urlopen(r).read().decode())"), "", home.envMap());
            assertEquals(0, served.exit(), served.toString());
            assertTrue(served.out().contains("\"AccessKeyId\":\"ASIADEBDEBDEBDEBDEB1\""), served.out());

            trayStartsFromItsMenuEntry(home);

            Run removed = run(List.of("dpkg", "-r", "tokentray"));
            assertEquals(0, removed.exit(), removed.toString());
            List<String> left = new ArrayList<>();
            for (String file : packaged) {
                Path path = Path.of(file);
                // Shared folders (/, /opt) stay; every file and every folder of the package goes.
                boolean shared = Files.isDirectory(path) && !path.startsWith(APP);
                if (!shared && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                    left.add(file);
                }
            }
            for (String file : placed) {
                Path path = Path.of(file);
                if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path)) {
                    left.add(file);
                }
            }
            assertEquals(List.of(), left, "files left behind by dpkg -r");
            assertFalse(Files.exists(APP, LinkOption.NOFOLLOW_LINKS), APP + " is gone");
            assertFalse(Files.exists(ON_PATH, LinkOption.NOFOLLOW_LINKS), ON_PATH + " is gone");
        } finally {
            // A failed check must not leave the package on the machine.
            String status = run(List.of("dpkg-query", "-W", "-f=${Status}", "tokentray")).out();
            if (!status.isBlank() && !status.contains("not-installed")) {
                run(List.of("dpkg", "-r", "tokentray"));
            }
        }
    }

    /**
     * Starts the tray as the menu entry does and waits for its icon in trayer's XEmbed tray, its
     * agent's socket, and the shim's archive, which the tray records when it is missing. The X server and trayer start only now, not as a class extension, so they do
     * not sit through the build.
     */
    private static void trayStartsFromItsMenuEntry(TestHome home) throws Exception {
        String entry = Files.readString(DESKTOP_ENTRY);
        assertTrue(entry.contains("\nIcon=tokentray\n"), entry);
        String exec = entry.lines().filter(l -> l.startsWith("Exec=")).findFirst().orElseThrow().substring(5);
        VirtualDesktop desktop = new VirtualDesktop();
        desktop.beforeAll(null);
        try {
            Map<String, String> env = new HashMap<>(home.envMap());
            env.putAll(desktop.env());
            // As after a .dmg or .msi install, which run no Java: no archive until the tray records it.
            Path archive = APP.resolve("lib/tokentray.jsa");
            Files.delete(archive);
            try (ManagedProcess tray = ManagedProcess.start("installed-tray", Arrays.asList(exec.split(" ")), env, null)) {
                desktop.awaitWindow("JavaEmbeddedFrame", 8, 8, Duration.ofSeconds(90));
                Path socket = home.tokentrayHome().resolve("agent/agent.sock");
                for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(socket), "the installed tray's agent listens\n" + tray.logText());
                desktop.screenshot("installed-tray-icon");
                for (int i = 0; i < 1200 && !Files.exists(archive); i++) {
                    Thread.sleep(100);
                }
                assertTrue(Files.exists(archive), "the tray recorded the shim's archive\n" + tray.logText());
                // JavaFX is linked into the runtime, not loaded from the class path.
                assertFalse(tray.logText().contains("Unsupported JavaFX configuration"), tray.logText());
            }
            // A JVM that insists on the archive starts with it, as the installed tokentray runs.
            Run strict = TestHome.process(List.of(APP.resolve("lib/runtime/bin/java").toString(),
                    "@" + APP.resolve("lib/tokentray.args"), "-Xshare:on", "dev.tokentray.Main", "--version"), "",
                    home.envMap());
            assertEquals(0, strict.exit(), strict.toString());
        } finally {
            desktop.afterAll(null);
        }
    }

    /**
     * Runs installer/linux/build (after Maven's package phase made the jar) and returns the .deb; a
     * build still running at {@link #BUILD} is stopped with jlink and jpackage, and fails the test
     * with what it printed. Its output is kept in app/target/peer-logs either way.
     */
    private static Path build() throws IOException {
        Path root = Project.root();
        Path log = Files.createDirectories(root.resolve("app/target/peer-logs")).resolve("installer-linux-build.log");
        // The script finds the project from its own path, so the working directory does not matter.
        Run build = TestHome.process(List.of(root.resolve("installer/linux/build").toString()), new byte[0],
                System.getenv(), BUILD);
        Files.writeString(log, build.toString());
        assertEquals(0, build.exit(), "installer/linux/build failed:\n" + build);
        List<String> lines = build.out().lines().toList();
        assertFalse(lines.isEmpty(), "installer/linux/build printed nothing:\n" + build);
        Path deb = root.resolve(lines.get(lines.size() - 1).strip());
        assertTrue(deb.getFileName().toString().matches("tokentray_\\d+\\.\\d+\\.\\d+-1_\\w+\\.deb") && Files.isRegularFile(deb),
                "the build names its .deb last: " + deb);
        return deb;
    }

    private static Run run(List<String> command) {
        return TestHome.process(command, new byte[0], System.getenv(), DPKG);
    }
}
