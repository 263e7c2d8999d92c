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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The architecture in the macOS packages' names (installer/common.sh's package_arch and
 * check_javafx_arch, as installer/macos/build runs them): the one the packaged runtime runs on, as
 * its own java reports it, and JavaFX's native jars must be for the same one, or the app would not
 * start on the Macs its name promises.
 */
class InstallerArchTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"aarch64,arm64", "x86_64,x64", "amd64,x64"})
    void thePackageIsNamedForTheArchitectureItsRuntimeRunsOn(String osArch, String named) throws IOException {
        runtimeReporting(osArch);
        Run run = common("package_arch");
        assertEquals(0, run.exit(), run.toString());
        assertEquals(named + "\n", run.out(), run.toString());
    }

    @Test
    void aRuntimeOfAnotherArchitectureIsRefusedInOneLine() throws IOException {
        runtimeReporting("ppc64le");
        Run run = common("package_arch");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith("installer: ") && run.err().contains("ppc64le"), run.err());
    }

    /** The real runtime of this machine, as jlink would copy it: its java answers. */
    @Test
    void thisMachinesJavaReportsItsArchitecture() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("installer/runtime/bin"));
        Files.createSymbolicLink(bin.resolve("java"), Project.java());
        Run run = common("package_arch");
        assertEquals(0, run.exit(), run.toString());
        String expected = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x64";
        assertEquals(expected + "\n", run.out(), run.toString());
    }

    @ParameterizedTest
    @CsvSource({"arm64,mac-aarch64", "x64,mac", "x64,linux", "arm64,linux-aarch64", "x64,win"})
    void javafxForTheRuntimesArchitectureIsTaken(String arch, String classifier) throws IOException {
        javafx(classifier);
        Run run = common("check_javafx_arch " + arch);
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err(), run.toString());
    }

    @ParameterizedTest
    @CsvSource({"arm64,mac", "x64,mac-aarch64"})
    void javafxForAnotherArchitectureIsRefusedInOneLine(String arch, String classifier) throws IOException {
        javafx(classifier);
        Run run = common("check_javafx_arch " + arch);
        assertEquals(1, run.exit(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).startsWith("installer: ") && lines.get(0).contains("javafx-graphics-21.0.9-" + classifier + ".jar")
                && lines.get(0).contains(arch), lines.get(0));
    }

    private void runtimeReporting(String osArch) throws IOException {
        Path java = Files.createDirectories(tmp.resolve("installer/runtime/bin")).resolve("java");
        // What java -XshowSettings:properties -version prints on stderr, in part.
        Files.writeString(java, "#!/bin/sh\necho 'Property settings:' >&2\necho '    os.arch = " + osArch
                + "' >&2\necho '    os.name = Mac OS X' >&2\necho 'openjdk version \"17.0.15\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void javafx(String classifier) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("installer/javafx"));
        for (String module : List.of("base", "controls", "graphics")) {
            Files.writeString(dir.resolve("javafx-" + module + "-21.0.9-" + classifier + ".jar"), "");
        }
    }

    /** bash -c SCRIPT with installer/common.sh sourced and its output folder in this test's folder. */
    private Run common(String script) {
        return TestHome.process(List.of("bash", "-c", ". \"$0\" && out=\"$1\" && " + script,
                Project.root().resolve("installer/common.sh").toString(), tmp.resolve("installer").toString()), "",
                System.getenv());
    }
}
