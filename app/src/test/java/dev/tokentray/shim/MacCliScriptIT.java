package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.cache.FileKeyringBackend;
import dev.tokentray.cache.Session;
import dev.tokentray.cache.SessionCache;
import dev.tokentray.testing.JpackageCfg;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The macOS CLI for the PATH, installer/macos/tokentray.sh, run here by bash in the layout of a
 * macOS bundle (Contents/app with the packaged jars and the .cfg jpackage writes from
 * installer/macos/tokentray.properties, Contents/runtime/Contents/Home this JDK), through a link
 * as in /usr/local/bin. What only a Mac can show: jpackage's real bundle, and its launcher's $APPDIR
 * for the tray being the path the link leads to.
 */
class MacCliScriptIT {
    private static final String VERSION = "1.2.3";
    private static final String KEY = "ASIAMACSCRIPT0000000";

    @TempDir
    Path tmp;

    private Path appDir;
    private Path link;
    private Path log;
    private TestHome home;

    /** A bundle in {@code folder}, its CLI script linked from usr/local/bin, and a home with a cached session. */
    private void install(String folder) throws Exception {
        Path contents = tmp.resolve(folder).resolve("tokentray-tray.app/Contents");
        appDir = contents.resolve("app");
        Files.createDirectories(appDir.resolve("lib"));
        Path target = Project.root().resolve("app/target");
        Files.copy(target.resolve("tokentray.jar"), appDir.resolve("tokentray.jar"));
        try (var jars = Files.list(target.resolve("lib"))) {
            for (Path jar : jars.filter(j -> !j.getFileName().toString().startsWith("javafx-")).toList()) {
                Files.copy(jar, appDir.resolve("lib").resolve(jar.getFileName()));
            }
        }
        // What the JVM loads, and from where: after the launcher's -Xlog:disable, which would turn it off.
        log = tmp.resolve("classes.log");
        JpackageCfg.write(appDir, "tokentray", "installer/macos/tokentray.properties", VERSION,
                "-Xlog:class+load=info,cds=info:file=" + log);
        Files.createDirectories(contents.resolve("runtime/Contents"));
        Files.createSymbolicLink(contents.resolve("runtime/Contents/Home"), Project.java().getParent().getParent());
        Path script = Files.createDirectories(appDir.resolve("share/bin")).resolve("tokentray");
        Files.copy(Project.root().resolve("installer/macos/tokentray.sh"), script);
        link = Files.createDirectories(tmp.resolve("usr/local/bin")).resolve("tokentray");
        Files.createSymbolicLink(link, script);

        home = new TestHome(tmp.resolve("home"));
        new SessionCache(new FileKeyringBackend(home.tokentrayHome().resolve("cache")))
                .put(SessionCache.profileKey("bench"), new Session(KEY, "s", "t", Instant.now().plusSeconds(3600)));
    }

    /** Before the tray has recorded an archive the script names none: the runtime's own archive stays mapped. */
    @Test
    void withoutTheUsersArchiveTheRuntimesOwnIsMapped() throws Exception {
        install("Applications");
        Run shim = shim(Map.of());
        assertEquals(0, shim.exit(), shim.toString());
        assertTrue(shim.out().contains(KEY), shim.toString());
        String loaded = Files.readString(log);
        assertTrue(loaded.contains("java.lang.Object source: shared objects file"), "JDK classes come from the runtime's archive");
        assertTrue(loaded.contains("dev.tokentray.Main source: file:"), "tokentray's from its jar");
    }

    /**
     * The archive the tray records (where ShimArchive puts it on macOS) is the one the script
     * finds and the JVM maps; once it no longer fits the jars, the JVM drops it without a word on
     * stderr.
     */
    @Test
    void theArchiveTheTrayRecordsIsTheOneTheScriptMaps() throws Exception {
        // A plain folder: JDK 17 maps an archive whose class path has a space or a non-ASCII
        // character but then loads the app's classes from their jars all the same.
        install("Applications");
        Path archive = recordAsTheTray();

        Run shim = shim(Map.of());
        assertEquals(0, shim.exit(), shim.toString());
        assertTrue(shim.out().contains(KEY), shim.toString());
        assertTrue(Files.readString(log).contains("dev.tokentray.Main source: shared objects file"),
                "tokentray's classes come from " + archive);

        // An update replaces the jar under the same name: the JVM refuses the archive, silently.
        Files.setLastModifiedTime(appDir.resolve("tokentray.jar"), FileTime.from(Instant.now().plusSeconds(3600)));
        Run stale = shim(Map.of());
        assertEquals(0, stale.exit(), stale.toString());
        assertTrue(stale.out().contains(KEY), stale.toString());
        assertEquals("", stale.err(), "nothing reaches stderr");
        assertTrue(Files.readString(log).contains("dev.tokentray.Main source: file:"), "the JVM dropped the archive");
    }

    /**
     * In a folder whose name has a space and an accent, the script still names the archive
     * ShimArchive computes for the tray (the same digest over the same bytes).
     */
    @Test
    void theScriptNamesTheArchiveShimArchiveNamesWhereverTheAppIs() throws Exception {
        install("Apps é x");
        Path archive = recordAsTheTray();

        Run shim = shim(Map.of());

        assertEquals(0, shim.exit(), shim.toString());
        assertTrue(shim.out().contains(KEY), shim.toString());
        assertEquals("", shim.err());
        assertTrue(Files.readString(log).contains("Opened archive " + archive), Files.readString(log));
    }

    /** `tokentray wire` writes the command it was started as: the link on the PATH. */
    @Test
    void theLinkIsTheCommandWired() throws Exception {
        install("Applications");
        home.config("[profile work]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        Run wire = shim(Map.of(), "wire", "work");
        assertEquals(0, wire.exit(), wire.toString());
        String config = readConfig();
        assertTrue(config.contains(link + " credential-process work"), config);
        assertFalse(config.contains("share/bin"), config);
    }

    /**
     * Records the archive where ShimArchive has the tray record it, with the class path the
     * tray's launcher has (the .cfg's), as the tray's recorder does; returns its path.
     */
    private Path recordAsTheTray() {
        String classPath;
        try {
            classPath = Files.readAllLines(appDir.resolve("tokentray.cfg")).stream()
                    .filter(l -> l.startsWith("app.classpath=")).map(l -> l.substring(14).replace("$APPDIR", appDir.toString()))
                    .collect(Collectors.joining(":"));
            Path archive = ShimArchive.installedArchive(home.env(), "Mac OS X",
                    appDir.resolveSibling("MacOS/tokentray-tray").toString(), VERSION, classPath).orElseThrow();
            assertTrue(archive.startsWith(home.home().resolve("Library/Caches/tokentray")), archive.toString());
            Files.createDirectories(archive.getParent());
            Run recorded = TestHome.process(List.of(Project.java().toString(), "-Xshare:off",
                    "-Dtokentray.recordArchive=" + archive, "-cp", classPath, "dev.tokentray.Main"), "", home.envMap());
            assertEquals(0, recorded.exit(), recorded.toString());
            return archive;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String readConfig() {
        try {
            return Files.readString(home.configFile(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Run shim(Map<String, String> extra) {
        return shim(extra, "credential-process", "bench");
    }

    private Run shim(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>(home.envMap());
        env.putAll(extra);
        List<String> command = new ArrayList<>(List.of(link.toString()));
        command.addAll(List.of(args));
        return TestHome.process(command, "", env);
    }
}
