package dev.tokentray.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jpackage installer/windows/build runs (installer/common.sh's menu_jpackage): jpackage 17
 * gives every launcher a Start menu shortcut, and the console CLI's would flash a window and close;
 * the launcher property win-menu=false that keeps it out needs jpackage 18 or later. So the .msi is
 * made by a newer JDK's jpackage (TOKENTRAY_JPACKAGE_JDK) around the JDK 17 runtime, and an older
 * one is refused in one line before it builds a Start menu with the CLI in it.
 */
class WindowsJpackageTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"18.0.2", "21.0.5", "25"})
    void aJpackageOf18OrLaterIsTaken(String version) throws IOException {
        Path jdk = jdkWithJpackage(version);
        Run run = menuJpackage(jdk.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(jdk.resolve("bin/jpackage") + "\n", run.out(), run.toString());
    }

    /** This machine's JDK 17, the one that builds the runtime. */
    @Test
    void jdk17sJpackageIsRefusedInOneLine() {
        Path home = Project.java().getParent().getParent();
        assertTrue(Files.isExecutable(home.resolve("bin/jpackage")), home + " has jpackage");
        Run run = menuJpackage(home.toString());
        assertRefused(run, "jpackage 17");
    }

    @Test
    void aJdkWithoutJpackageIsRefusedInOneLine() {
        Run run = menuJpackage(tmp.resolve("no-such-jdk").toString());
        assertRefused(run, "no-such-jdk");
    }

    @Test
    void noJdkNamedIsRefusedInOneLine() {
        Run run = menuJpackage(null);
        assertRefused(run, "TOKENTRAY_JPACKAGE_JDK");
    }

    private static void assertRefused(Run run, String named) {
        assertEquals(1, run.exit(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).startsWith("installer: ") && lines.get(0).contains(named)
                && lines.get(0).contains("Start menu"), lines.get(0));
        assertEquals("", run.out(), run.toString());
    }

    private Path jdkWithJpackage(String version) throws IOException {
        Path jdk = tmp.resolve("jdk-" + version);
        Path jpackage = Files.createDirectories(jdk.resolve("bin")).resolve("jpackage");
        // What `jpackage --version` prints: the JDK's version alone.
        Files.writeString(jpackage, "#!/bin/sh\n[ \"$1\" = --version ] && echo " + version + "\n");
        Files.setPosixFilePermissions(jpackage, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    private static Run menuJpackage(String jdk) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("TOKENTRAY_JPACKAGE_JDK");
        if (jdk != null) {
            env.put("TOKENTRAY_JPACKAGE_JDK", jdk);
        }
        return TestHome.process(List.of("bash", "-c", ". \"$0\" && menu_jpackage",
                Project.root().resolve("installer/common.sh").toString()), "", env);
    }
}
