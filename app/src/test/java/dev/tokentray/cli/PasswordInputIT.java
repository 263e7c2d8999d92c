package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault password as the built {@code bin/tokentray} reads it from each of its sources, under
 * LC_ALL=C: the terminal (a real pty), {@code --password-stdin} and TOKENTRAY_VAULT_PASSWORD.
 * Non-ASCII bytes are put in with printf octal escapes, so what reaches tokentray does not
 * depend on the locale of the JVM running these tests.
 */
class PasswordInputIT {
    /** "äöü" and "ßßß" as UTF-8: under LC_ALL=C earlier builds read both as six U+FFFD. */
    private static final String AOU = "äöü";
    private static final String SSS = "ßßß";
    private static final String NOTE = "note: re-encrypted the vault at ";

    @TempDir
    Path tmp;

    private TestHome home() {
        return new TestHome(tmp).set("LC_ALL", "C")
                .credentials("[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = "
                        + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
    }

    @Test
    void fromTheEnvironmentANonAsciiPasswordIsItsOwnText() {
        TestHome home = home();
        assertEquals(0, withEnvPassword(home, utf8(AOU), "import").exit());
        assertWrongPassword(withEnvPassword(home, utf8(SSS), "import"));
        Run again = withEnvPassword(home, utf8(AOU), "import");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("", again.err());
    }

    @Test
    void fromStandardInputANonAsciiPasswordIsItsOwnText() {
        TestHome home = home();
        assertEquals(0, withStdin(home, utf8(AOU + "\n"), "import", "--password-stdin").exit());
        assertWrongPassword(withStdin(home, utf8(SSS + "\n"), "import", "--password-stdin"));
        Run again = withStdin(home, utf8(AOU + "\n"), "import", "--password-stdin");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("", again.err());
    }

    @Test
    void onTheTerminalANonAsciiPasswordIsItsOwnText() throws Exception {
        TestHome home = home();
        // A new password typed here needs 8 characters: three times "äöü" (18 bytes in UTF-8).
        String chosen = AOU.repeat(3);
        try (PtySession pty = pty(home, "import")) {
            pty.answer("New vault password: ", chosen).answer("Repeat it: ", chosen);
            assertEquals(0, pty.waitForExit(), pty.screen());
        }
        try (PtySession pty = pty(home, "import")) {
            pty.answer("Vault password: ", SSS.repeat(3));
            assertEquals(1, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().endsWith("\ntokentray: wrong password\r\n"), pty.screen());
        }
        try (PtySession pty = pty(home, "import")) {
            pty.answer("Vault password: ", chosen);
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertFalse(pty.screen().contains("tokentray:"), pty.screen());
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedFromEverySource() throws Exception {
        TestHome home = home();
        byte[] latin1 = AOU.getBytes(StandardCharsets.ISO_8859_1);
        assertOneLine(withEnvPassword(home, latin1, "import"),
                "tokentray: TOKENTRAY_VAULT_PASSWORD is not valid UTF-8; tokentray reads passwords and keys as UTF-8"
                        + " whatever the locale, so give them as UTF-8 text (check the terminal's encoding)");
        byte[] line = Arrays.copyOf(latin1, latin1.length + 1);
        line[latin1.length] = '\n';
        assertOneLine(withStdin(home, line, "import", "--password-stdin"),
                "tokentray: standard input is not valid UTF-8; tokentray reads passwords and keys as UTF-8"
                        + " whatever the locale, so give them as UTF-8 text (check the terminal's encoding)");
        try (PtySession pty = pty(home, "import")) {
            pty.await("New vault password: ");
            pty.type(line);
            assertEquals(1, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().endsWith("\ntokentray: what was typed on the terminal is not valid UTF-8;"
                    + " tokentray reads passwords and keys as UTF-8 whatever the locale, so give them as UTF-8 text"
                    + " (check the terminal's encoding)\r\n"), pty.screen());
        }
        assertFalse(Files.exists(home.tokentrayHome().resolve("vault.tkv")), "no vault was made");
    }

    /**
     * Vaults written by an earlier build (commit c9015d6) with the password "äöü" typed as UTF-8: on its
     * terminal prompt and in TOKENTRAY_VAULT_PASSWORD under LC_ALL=C (stored as six U+FFFD), and
     * on its prompt under de_DE.ISO-8859-1 (stored as "Ã¤Ã¶Ã¼"). Each opens with "äöü" from every
     * source, says once that it was re-encrypted, and then no longer opens with "ßßß".
     */
    @Test
    void aVaultWrittenByTheOldLocaleDecodingOpensWithWhatItsOwnerTypesAndIsUpgraded() throws Exception {
        for (String legacy : List.of("lc-all-c-terminal", "lc-all-c-env", "latin1-terminal")) {
            for (String source : List.of("terminal", "stdin", "env")) {
                TestHome home = new TestHome(tmp.resolve(legacy + "-" + source)).set("LC_ALL", "C")
                        .credentials("[more]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = "
                                + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
                Files.createDirectories(home.tokentrayHome());
                try (InputStream fixture = getClass().getResourceAsStream("/legacy-vaults/" + legacy + ".tkv")) {
                    Files.write(home.tokentrayHome().resolve("vault.tkv"), fixture.readAllBytes());
                }
                String what = legacy + " opened from " + source;
                String shown = open(home, source, AOU);
                assertTrue(shown.contains("\n" + NOTE + home.tokentrayHome().resolve("vault.tkv")
                        + " under the password exactly as typed (an older tokentray had read its non-ASCII characters"
                        + " through the locale and stored a garbled form)"), what + ":\n" + shown);
                assertTrue(shown.contains("Imported more into the vault."), what + ":\n" + shown);
                assertFalse(open(home, source, AOU).contains(NOTE), what + ": upgraded once");
                Run lookAlike = withEnvPassword(home, utf8(SSS), "import");
                assertWrongPassword(lookAlike);
            }
        }
    }

    /**
     * Neither stdin nor stdout is the terminal (stdin from /dev/null, stdout into a pipe that
     * marks each line it carries): the password is asked on /dev/tty, with echo off, and what is
     * typed there is the vault's password; stdout still goes down the pipe.
     */
    @Test
    void withStdinAndStdoutPipedThePasswordIsAskedOnTheTerminal() throws Exception {
        TestHome home = home();
        String piped = "{ " + Project.root().resolve("bin/tokentray") + " import < /dev/null; echo \"EXIT:$?\"; }"
                + " | sed 's/^/PIPED: /'";
        try (PtySession pty = new PtySession(piped, home.envMap())) {
            pty.answer("New vault password: ", "typed-on-the-tty").answer("Repeat it: ", "typed-on-the-tty");
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("\nPIPED: Imported dev into the vault.\r\n"), pty.screen());
            assertTrue(pty.screen().endsWith("\nPIPED: EXIT:0\r\n"), pty.screen());
            assertFalse(pty.screen().contains("PIPED: New vault password"), "the prompt went down the pipe:\n" + pty.screen());
            assertFalse(pty.screen().contains("typed-on-the-tty"), "the password was echoed:\n" + pty.screen());
        }
        home.credentials("[more]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = "
                + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        try (PtySession pty = new PtySession(piped, home.envMap())) {
            pty.answer("Vault password: ", "something-else");
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("\ntokentray: wrong password\r\n"), pty.screen());
            assertTrue(pty.screen().endsWith("\nPIPED: EXIT:1\r\n"), pty.screen());
        }
        try (PtySession pty = new PtySession(piped, home.envMap())) {
            pty.answer("Vault password: ", "typed-on-the-tty");
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("\nPIPED: Imported more into the vault.\r\n"), pty.screen());
            assertTrue(pty.screen().endsWith("\nPIPED: EXIT:0\r\n"), pty.screen());
        }
    }

    /** Ctrl-C at an echo-off prompt: the shell that ran tokentray gets its echo back. */
    @Test
    void ctrlCAtAPasswordPromptGivesTheTerminalItsEchoBack() throws Exception {
        String bin = Project.root().resolve("bin/tokentray").toString();
        String echoState = "; printf 'ECHO-STATE:%s\\n' \"$(stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo)\"";
        // stdin piped: the password is asked on /dev/tty; and both stdin and stdout a terminal.
        Map<String, String> prompts = Map.of(
                "echo s | " + bin + " add dev --access-key-id AKIAIOSFODNN7EXAMPLE --secret-stdin", "New vault password: ",
                bin + " add dev --access-key-id AKIAIOSFODNN7EXAMPLE", "Secret access key: ");
        for (Map.Entry<String, String> prompt : prompts.entrySet()) {
            TestHome home = home();
            String script = "trap 'echo INTERRUPTED' INT; " + prompt.getKey() + echoState;
            try (PtySession pty = new PtySession(script, home.envMap())) {
                pty.await(prompt.getValue());
                Thread.sleep(500); // as a person would; also lets echo go off where it follows the prompt
                pty.type((byte) 3);
                pty.await("ECHO-STATE:");
                pty.waitForExit();
                assertTrue(pty.screen().contains("INTERRUPTED"), pty.screen());
                assertTrue(pty.screen().contains("ECHO-STATE:echo\r\n"), prompt.getValue() + "\n" + pty.screen());
            }
        }
    }

    /** A line longer than the limit ends at once with one line, not an OutOfMemoryError after reading it all. */
    @Test
    void aHugeLineOnStandardInputIsRefusedWithTheLimit() throws Exception {
        TestHome home = home();
        // A heap as small as a CLI needs, so an unbounded read shows as the OutOfMemoryError users saw.
        home.set("TOKENTRAY_JAVA_OPTS", "-Xmx256m");
        List<String> command = List.of(Project.root().resolve("bin/tokentray").toString(), "import", "--password-stdin");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(home.envMap());
        long start = System.nanoTime();
        Process p = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'a');
            try (OutputStream in = p.getOutputStream()) {
                for (int mib = 0; mib < 300; mib++) {
                    in.write(block);
                }
            } catch (IOException e) {
                // tokentray stopped reading: what this test wants
            }
        });
        feeder.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertEquals("tokentray: standard input has a line longer than 65536 bytes; give the password or key alone on"
                + " one line\n", err);
        assertEquals(1, p.exitValue());
        assertTrue(seconds < 20, "took " + seconds + " s");
        feeder.join(10_000);
    }

    /** A damaged vault is one line naming the file, from every command that reads it. */
    @Test
    void aDamagedVaultIsOneLineNamingItsFile() throws IOException {
        TestHome home = home();
        assertEquals(0, withEnvPassword(home, utf8("pw"), "import").exit());
        Path vault = home.tokentrayHome().resolve("vault.tkv");
        byte[] good = Files.readAllBytes(vault);

        byte[] flipped = good.clone();
        flipped[5] ^= 0x02;
        Files.write(vault, flipped);
        assertOneLine(home.binary("", "list"), "tokentray: the vault at " + vault
                + " is damaged: its header fails its checksum; restore it from a backup");

        // The header: fixed fields up to the profile index's length at byte 63, the index, an 8-byte digest.
        int headerLength = 67 + java.nio.ByteBuffer.wrap(good).getInt(63) + 8;
        Files.write(vault, Arrays.copyOf(good, headerLength + 7));
        assertOneLine(withEnvPassword(home, utf8("pw"), "import"), "tokentray: the vault at " + vault
                + " is damaged: it is truncated; restore it from a backup");
    }

    private static void assertWrongPassword(Run run) {
        assertOneLine(run, "tokentray: wrong password");
    }

    private static void assertOneLine(Run run, String line) {
        assertEquals(line + "\n", run.err(), run.toString());
        assertEquals(1, run.exit(), run.toString());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What the terminal showed, or stderr and stdout, after opening the vault with {@code password} from {@code source}. */
    private String open(TestHome home, String source, String password) throws Exception {
        switch (source) {
            case "terminal" -> {
                try (PtySession pty = pty(home, "import")) {
                    pty.answer("Vault password: ", password);
                    assertEquals(0, pty.waitForExit(), pty.screen());
                    return pty.screen().replace("\r\n", "\n");
                }
            }
            case "stdin" -> {
                Run run = withStdin(home, utf8(password + "\n"), "import", "--password-stdin");
                assertEquals(0, run.exit(), run.toString());
                return "\n" + run.err() + run.out();
            }
            default -> {
                Run run = withEnvPassword(home, utf8(password), "import");
                assertEquals(0, run.exit(), run.toString());
                return "\n" + run.err() + run.out();
            }
        }
    }

    private static PtySession pty(TestHome home, String args) throws IOException {
        return new PtySession(Project.root().resolve("bin/tokentray") + " " + args, home.envMap());
    }

    /** bin/tokentray with TOKENTRAY_VAULT_PASSWORD set to exactly {@code password}'s bytes. */
    private static Run withEnvPassword(TestHome home, byte[] password, String... args) {
        StringBuilder escapes = new StringBuilder();
        for (byte b : password) {
            escapes.append(String.format("\\%03o", b & 0xff));
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "TOKENTRAY_VAULT_PASSWORD=\"$(printf '" + escapes + "')\" exec \"$0\" \"$@\"",
                Project.root().resolve("bin/tokentray").toString()));
        command.addAll(List.of(args));
        return TestHome.process(command, new byte[0], home.envMap());
    }

    private static Run withStdin(TestHome home, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(Project.root().resolve("bin/tokentray").toString()));
        command.addAll(List.of(args));
        return TestHome.process(command, stdin, home.envMap());
    }
}
