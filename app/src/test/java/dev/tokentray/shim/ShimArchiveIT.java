package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar records the shim's archive, as bin/tokentray and the install scripts run it. */
class ShimArchiveIT {
    @TempDir
    Path tmp;

    /**
     * A temp folder as deep as macOS's is for its 102-byte socket limit (here 80 bytes against
     * Linux's 106): the recording still succeeds, and a JVM that insists on the archive starts.
     */
    @Test
    void recordsWhereTheTempFolderIsTooDeepForTheTrainingSocket() throws Exception {
        Path jar = Project.root().resolve("app/target/tokentray.jar");
        String base = tmp + "/";
        Path deep = Files.createDirectories(Path.of(base + "d".repeat(80 - base.length())));
        Path archive = tmp.resolve("shim.jsa");
        String java = Project.java().toString();
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"));
        Run record = TestHome.process(List.of(java, "-XX:+UseG1GC", "-Xshare:off", "-Djava.io.tmpdir=" + deep,
                "-Dtokentray.recordArchive=" + archive, "-jar", jar.toString()), "", env);
        assertEquals(0, record.exit(), record.toString());
        assertTrue(Files.size(archive) > 1_000_000, "an archive was recorded: " + record);
        try (var left = Files.list(deep)) {
            assertEquals(List.of(), left.toList(), "the training folder is gone");
        }
        Run strict = TestHome.process(List.of(java, "-XX:+UseG1GC", "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-jar", jar.toString(), "--version"), "", env);
        assertEquals(0, strict.exit(), strict.toString());
    }
}
