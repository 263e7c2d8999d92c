package dev.tokentray.installer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The version the installers hand jpackage, as installer/common.sh computes and checks it, run by
 * bash here as installer/&lt;os&gt;/build runs it on each OS. jpackage on macOS refuses a
 * CFBundleVersion whose first number is 0 or that has more than three numbers; on Windows the MSI
 * ProductVersion takes major and minor up to 255 and build up to 65535, and compares only those
 * three; a check that refuses the same things here fails the build in one line before jpackage does
 * on a runner.
 */
class InstallerVersionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.0.437", "2.13.9", "255.255.65535", "10.0.0"})
    void everyJpackageTakesTheseAndSoDoesTheCheck(String version) {
        Run run = common(Project.root(), "check_app_version \"$1\"", version);
        assertEquals(0, run.exit(), run.toString());
        assertEquals("", run.err(), run.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.1.0|macOS refuses a CFBundleVersion whose first number is 0",
        "1.0.0.4|three whole numbers",
        "1.0|three whole numbers",
        "1.0.0-SNAPSHOT|three whole numbers",
        "1.02.3|three whole numbers",
        "v1.0.0|three whole numbers",
        "1..0|three whole numbers",
        "256.0.0|the MSI ProductVersion's major number is at most 255",
        "1.256.0|the MSI ProductVersion's minor number is at most 255",
        "1.0.65536|the MSI ProductVersion's build number is at most 65535",
        "1.0.99999999999999999999|the MSI ProductVersion's build number is at most 65535",
    })
    void aVersionSomeJpackageRefusesIsRefusedInOneLine(String version, String reason) {
        Run run = common(Project.root(), "check_app_version \"$1\"", version);
        assertEquals(1, run.exit(), run.toString());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).startsWith("installer: version " + version + " "), lines.get(0));
        assertTrue(lines.get(0).contains(reason), lines.get(0));
    }

    @Test
    void anEmptyVersionIsRefusedInOneLine() {
        Run run = common(Project.root(), "check_app_version \"$1\"", "");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().contains("no version"), run.err());
    }

    /** What installer/<os>/build gives jpackage from this checkout's pom: every OS must take it. */
    @Test
    void thePomsVersionIsOneEveryJpackageTakes() {
        Run run = common(Project.root(), "v=$(app_version) && echo \"$v\" && check_app_version \"$v\"");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().strip().matches("[1-9]\\d*\\.\\d+\\.\\d+"), run.out());
    }

    /**
     * A rebuilt .msi installs over the last one only if its version is higher (its ProductCode is
     * derived from the version, and an equal one is "already installed"): every commit's build
     * carries the pom's major and minor and the count of commits in its history.
     */
    @Test
    void theBuildVersionCountsCommitsSoEveryBuildIsNewerThanTheLast() throws Exception {
        Path repo = tmp.resolve("repo");
        write(repo.resolve("pom.xml"), "<project>\n  <version>2.3.0-SNAPSHOT</version>\n</project>\n");
        git(repo, "init", "-q");
        for (int i = 1; i <= 3; i++) {
            commit(repo, "change " + i);
        }
        Run three = common(repo, "v=$(build_version) && echo \"$v\" && check_app_version \"$v\"");
        assertEquals(0, three.exit(), three.toString());
        assertEquals("2.3.3\n", three.out(), three.toString());
        commit(repo, "change 4");
        Run four = common(repo, "build_version");
        assertEquals(0, four.exit(), four.toString());
        assertEquals("2.3.4\n", four.out(), four.toString());
    }

    /**
     * The upgrade code ties every .msi to the ones before it: a new one would install beside the
     * old version instead of over it. It is the one it has always been.
     */
    @Test
    void everyMsiCarriesTheSameUpgradeCode() throws IOException {
        List<String> lines = Files.readAllLines(Project.root().resolve("installer/windows/jpackage.cfg")).stream()
                .filter(l -> l.startsWith("--win-upgrade-uuid")).toList();
        assertEquals(List.of("--win-upgrade-uuid 5b0c4d1e-7a57-4c1f-9e2a-3f6d8b9a0c21"), lines);
    }

    /** A release is tagged with the version its packages carry, or the CI build of the tag stops. */
    @Test
    void aReleaseTagMustNameTheVersionTheCommitBuildsAs() {
        Map<String, String> tag = Map.of("GITHUB_REF_TYPE", "tag", "GITHUB_REF_NAME", "v1.0.437");
        assertEquals(0, common(Project.root(), tag, "check_release_tag 1.0.437").exit());
        Run wrong = common(Project.root(), tag, "check_release_tag 1.0.438");
        assertEquals(1, wrong.exit(), wrong.toString());
        assertEquals(1, wrong.err().lines().count(), wrong.toString());
        assertTrue(wrong.err().startsWith("installer: the tag v1.0.437 is not v1.0.438"), wrong.err());
        Run branch = common(Project.root(), Map.of("GITHUB_REF_TYPE", "branch", "GITHUB_REF_NAME", "main"),
                "check_release_tag 1.0.438");
        assertEquals(0, branch.exit(), branch.toString());
    }

    /** A shallow clone (actions/checkout's default) has one commit: its count would go back to 1. */
    @Test
    void aShallowCloneIsRefusedInOneLine() throws Exception {
        Path repo = tmp.resolve("repo");
        write(repo.resolve("pom.xml"), "<project>\n  <version>1.0.0-SNAPSHOT</version>\n</project>\n");
        git(repo, "init", "-q");
        commit(repo, "one");
        commit(repo, "two");
        Path shallow = tmp.resolve("shallow");
        git(tmp, "clone", "-q", "--depth", "1", repo.toUri().toString(), shallow.toString());
        Run run = common(shallow, "build_version");
        assertEquals(1, run.exit(), run.toString());
        assertEquals(1, run.err().lines().count(), run.toString());
        assertTrue(run.err().startsWith("installer: ") && run.err().contains("shallow"), run.err());
        assertEquals("", run.out(), run.toString());
    }

    private static void commit(Path repo, String message) throws IOException {
        write(repo.resolve("changes.txt"), message + "\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", message);
    }

    private static void git(Path folder, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(args));
        Run run = TestHome.process(command, "", System.getenv());
        assertEquals(0, run.exit(), run.toString());
    }

    /** bash -c SCRIPT in the folder given, with installer/common.sh (this checkout's) sourced first. */
    private static Run common(Path folder, String script, String... args) {
        return common(folder, Map.of(), script, args);
    }

    private static Run common(Path folder, Map<String, String> vars, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "cd \"$0\" && . \"" + Project.root().resolve("installer/common.sh") + "\" && " + script, folder.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("GITHUB_REF_TYPE");
        env.remove("GITHUB_REF_NAME");
        env.putAll(vars);
        return TestHome.process(command, "", env);
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
