package dev.tokentray.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile names as botocore reads them, checked against botocore itself; and the credential_process
 * line `wire` writes, split by botocore (its POSIX and its Windows rules) and run by {@code sh -c}
 * (what the AWS SDKs for Java, Go, JavaScript and Rust do) into the same words.
 */
class ProfileNamesTest {
    @TempDir
    Path tmp;

    /** What botocore makes of {@code code}'s result, as JSON. */
    private static Object python(String code, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", code));
        command.addAll(Arrays.asList(args));
        Run run = TestHome.process(command, "", Map.of("PATH", System.getenv("PATH")));
        assertEquals(0, run.exit(), run.toString());
        return JSON.std.anyFrom(run.out());
    }

    @Test
    void theConfigFilesProfilesAreTheOnesBotocoreFinds() throws IOException {
        TestHome home = new TestHome(tmp).config("""
                [default]
                region = eu-west-1
                [profile plain]
                region = a
                [profile "my admin"]
                region = b
                [profile 'single quoted']
                region = c
                [profile a\\ b]
                region = d
                [profile my admin]
                region = e
                [profile "unclosed]
                region = f
                [profilex y]
                region = g
                [profile]
                region = h
                [sso-session s]
                sso_region = i
                [profile\ttab]
                region = j
                [profile "ünï cødé"]
                region = k
                [profile "x&y"]
                region = l
                [profile "it's"]
                region = m
                [profile 'say "hi"']
                region = n
                """);
        @SuppressWarnings("unchecked")
        List<String> botocore = (List<String>) python("import botocore.configloader as c, json, sys;"
                + "print(json.dumps(list(c.load_config(sys.argv[1])['profiles'])))", home.configFile().toString());
        AwsProfileFiles files = AwsProfileFiles.load(home.env());
        assertEquals(new HashSet<>(botocore), files.names());
        assertTrue(files.names().containsAll(Set.of("my admin", "a b", "it's", "say \"hi\"")), files.names().toString());
        assertEquals("b", files.settings("my admin").get("region").value());
        assertFalse(files.contains("\"my admin\""));
    }

    @Test
    void theCredentialsFilesSectionIsTheNameAsItStands() {
        TestHome home = new TestHome(tmp).credentials("[\"quoted\"]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");
        assertEquals(Set.of("\"quoted\""), AwsProfileFiles.load(home.env()).names());
    }

    @Test
    void everyReaderSplitsTheCredentialProcessLineIntoTheSameWords() throws Exception {
        // The launcher is a script that prints the arguments it got, in a folder whose name needs quotes.
        Path launcher = Files.createDirectories(tmp.resolve("my tools")).resolve("argv");
        Files.writeString(launcher, "#!/bin/sh\nfor a; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path marker = tmp.resolve("ran");
        List<String> profiles = List.of("admin", "my admin", "a&touch " + marker, "a|b", "a;b", "(x)", "it's",
                "x > y", "a*", "~me", "#1", "ünï cødé", "semi;colon", "a^b", "[x]", "{a,b}", "p/q.r@s:t+u=v,w");
        List<String> lines = profiles.stream().map(p -> CredentialProcessLine.of(launcher.toString(), p, false)).toList();
        // botocore's own splitter, with its POSIX and its Windows rules, on every line at once.
        @SuppressWarnings("unchecked")
        Map<String, List<List<String>>> botocore = (Map<String, List<List<String>>>) python(
                "from botocore.compat import compat_shell_split; import json, sys; lines = json.loads(sys.argv[1]);"
                        + "print(json.dumps({p: [compat_shell_split(l, p) for l in lines] for p in ('linux', 'win32')}))",
                JSON.std.asString(lines));
        for (int i = 0; i < profiles.size(); i++) {
            String profile = profiles.get(i);
            String line = lines.get(i);
            List<String> expected = List.of(launcher.toString(), "credential-process", profile);
            assertEquals(expected, ShellWords.split(line), line);
            assertEquals(profile, CredentialProcessLine.profileOf(line), line);
            assertEquals(expected, botocore.get("linux").get(i), "botocore on Linux: " + line);
            assertEquals(expected, botocore.get("win32").get(i), "botocore on Windows: " + line);
            Run sh = TestHome.process(List.of("sh", "-c", line), "", Map.of("PATH", System.getenv("PATH")));
            assertEquals(0, sh.exit(), sh.toString());
            assertEquals("credential-process\n" + profile + "\n", sh.out(), "sh -c " + line);
            assertFalse(Files.exists(marker), "sh -c ran a second command: " + line);
        }
    }

    @Test
    void aWindowsPathKeepsItsBackslashesAndCmdNeverSeesALineStartingAndEndingInAQuote() throws IOException {
        String line = CredentialProcessLine.of("C:\\Users\\me\\tokentray\\tokentray.exe", "my admin", true);
        assertEquals("C:\\Users\\me\\tokentray\\tokentray.exe credential-process \"my admin\"", line);
        assertEquals(List.of("C:\\Users\\me\\tokentray\\tokentray.exe", "credential-process", "my admin"),
                python("from botocore.compat import compat_shell_split; import json, sys;"
                        + "print(json.dumps(compat_shell_split(sys.argv[1], 'win32')))", line));
        assertEquals("\"C:\\Users\\J Doe\\tokentray.exe\" credential-process admin",
                CredentialProcessLine.of("C:\\Users\\J Doe\\tokentray.exe", "admin", true));
        ConfigException both = assertThrows(ConfigException.class,
                () -> CredentialProcessLine.of("C:\\Users\\J Doe\\tokentray.exe", "my admin", true));
        assertTrue(both.getMessage().contains("cmd.exe"), both.getMessage());
        assertEquals("\"/home/j doe/bin/tokentray\" credential-process \"my admin\"",
                CredentialProcessLine.of("/home/j doe/bin/tokentray", "my admin", false));
    }

    @Test
    void whatNoQuotingMakesSafeForEveryReaderIsRefusedInOneLine() {
        for (String profile : List.of("a$b", "a`id`", "a\"b", "a\\b", "50%", "%PATH%", "wow!", "a #b", "a ;b", "tab\tx",
                "new\u0007bell")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> CredentialProcessLine.of("/usr/bin/tokentray", profile, false), profile);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith("profile '" + profile + "' holds "), e.getMessage());
        }
        ConfigException path = assertThrows(ConfigException.class,
                () -> CredentialProcessLine.of("/opt/$HOME/tokentray", "admin", false));
        assertTrue(path.getMessage().contains("install tokentray in a folder without it"), path.getMessage());
    }

    @Test
    void shellWordsFailWhereShlexFails() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("profile \"open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("profile 'open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("profile a\\"));
        assertEquals(List.of("a\\b", "c\"d", "e\\\\f"), ShellWords.split("\"a\\b\" \"c\\\"d\" 'e\\\\f'"));
        assertEquals(List.of("", "x"), ShellWords.split("'' x"));
    }
}
