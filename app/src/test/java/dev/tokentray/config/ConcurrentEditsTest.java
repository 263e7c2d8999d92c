package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.fs.FileWriterMain;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes that edit one AWS file at once (the shim renewing one profile's written session
 * while the tray renews another's, or wire beside them) each read, change and replace the whole
 * file: they take turns, so no one's edit is lost.
 */
class ConcurrentEditsTest {
    private static final int WRITES = 60;

    @TempDir
    Path tmp;

    @Test
    void twoProcessesWritingSessionsOfTwoProfilesLoseNeitherAndWireAlongsideLosesNothing() throws Exception {
        TestHome home = new TestHome(tmp).config("[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-1\n")
                .credentials("[a]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\naws_secret_access_key = a\n"
                        + "[b]\naws_access_key_id = AKIABBBBBBBBBBBBBBBB\naws_secret_access_key = b\n");
        List<Process> writers = new ArrayList<>();
        writers.add(writer(home, "credentials", "a"));
        writers.add(writer(home, "credentials", "b"));
        writers.add(writer(home, "config", "a"));
        writers.add(writer(home, "config", "b"));
        for (Process p : writers) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer hung");
            assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        String last = FileWriterMain.digits(WRITES);
        String credentials = Files.readString(home.credentialsFile());
        String keys = summary(credentials);
        assertEquals(last, written(credentials, "\\[a-session\\]\\naws_access_key_id = ASIA(\\d+)"), keys);
        assertEquals(last, written(credentials, "\\[b-session\\]\\naws_access_key_id = ASIA(\\d+)"), keys);
        String config = Files.readString(home.configFile());
        String wired = summary(config);
        assertEquals(last, written(config, "\\[profile a-tokentray\\]\\ncredential_process = [\"']?/opt/tokentray-(\\d+)"), wired);
        assertEquals(last, written(config, "\\[profile b-tokentray\\]\\ncredential_process = [\"']?/opt/tokentray-(\\d+)"), wired);
    }

    /** The headers and key or command lines of a file, for a failure message. */
    private static String summary(String file) {
        return String.join("\n", file.lines().filter(l -> l.startsWith("[") || l.startsWith("aws_access_key_id")
                || l.startsWith("credential_process")).toList());
    }

    private static String written(String file, String regex) {
        Matcher m = Pattern.compile(regex).matcher(file);
        return m.find() ? m.group(1) : "missing";
    }

    private Process writer(TestHome home, String kind, String profile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Project.java().toString(), "-cp", Project.testClasspath(),
                FileWriterMain.class.getName(), kind, profile, tmp.resolve(kind + "-" + profile).toString(), "1",
                Integer.toString(WRITES));
        builder.environment().clear();
        builder.environment().putAll(home.envMap());
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
