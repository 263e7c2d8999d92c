package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Project;
import dev.tokentray.testing.PtySession;
import dev.tokentray.testing.SecretScan;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built {@code bin/tokentray}, run as a user runs it. */
class CliBinaryIT {
    @TempDir
    Path tmp;

    @Test
    void helpAndVersionWork() {
        TestHome home = new TestHome(tmp);
        Run help = home.binary("", "--help");
        assertEquals(0, help.exit(), help.toString());
        for (String command : List.of("add", "import", "list", "remove", "passwd")) {
            assertTrue(help.out().contains("  " + command + " "), command + " in\n" + help.out());
        }
        Run version = home.binary("", "--version");
        assertTrue(version.out().matches("tokentray \\d+\\.\\d+\\.\\d+.*\\n"), version.out());
    }

    /**
     * add, import and list with known secrets, then every file under HOME, the JVM's temp dir
     * and /tmp is searched for them: they are nowhere in plaintext, nor on stdout or stderr.
     */
    @Test
    void noSecretReachesTheDiskOrTheOutput() throws IOException {
        Instant start = Instant.now().minusSeconds(1);
        String added = "ADDED" + random();
        String imported = "IMPORTED" + random();
        String password = "PASSWORD" + random();
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        TestHome home = new TestHome(tmp.resolve("home"))
                .set("TOKENTRAY_VAULT_PASSWORD", password)
                .set("TOKENTRAY_JAVA_OPTS", "-Djava.io.tmpdir=" + javaTmp)
                .set("TMPDIR", javaTmp.toString())
                .credentials("[legacy]\naws_access_key_id = AKIALEGACYLEGACYLEGA\naws_secret_access_key = "
                        + imported + "\nregion = eu-west-1\n")
                .config("[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = dev\n");

        List<Run> runs = new ArrayList<>();
        runs.add(home.binary(added + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin"));
        runs.add(home.binary("", "import", "--remove-plaintext"));
        runs.add(home.binary("", "list"));
        runs.add(home.binary("", "list", "--json"));
        for (Run run : runs) {
            assertEquals(0, run.exit(), run.toString());
            for (String secret : List.of(added, imported, password)) {
                assertFalse(run.out().contains(secret) || run.err().contains(secret), run.toString());
            }
        }
        assertTrue(runs.get(2).out().contains("legacy"), runs.get(2).out());

        List<String> secrets = List.of(added, imported, password);
        List<Path> scanned = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (SecretScan.Result result : List.of(SecretScan.scan(home.home(), Instant.MIN, secrets),
                SecretScan.scan(javaTmp, Instant.MIN, secrets), SecretScan.scan(Path.of("/tmp"), start, secrets))) {
            scanned.addAll(result.scanned());
            found.addAll(result.found());
        }
        assertTrue(scanned.contains(home.tokentrayHome().resolve("vault.tkv")), "the vault was scanned");
        assertEquals(List.of(), found);
        System.out.println("no-secret scan: " + scanned.size() + " files checked");
    }

    /** On a real terminal the secret and the password are asked with echo off. */
    @Test
    void promptsOnTheTerminalWithEchoOff() throws Exception {
        String secret = "TYPED" + random();
        TestHome home = new TestHome(tmp);
        Map<String, String> env = new HashMap<>(home.envMap());
        String command = Project.root().resolve("bin/tokentray") + " add dev --access-key-id AKIAIOSFODNN7EXAMPLE";
        try (PtySession pty = new PtySession(command, env)) {
            pty.answer("Secret access key: ", secret)
                    .answer("New vault password: ", "pw-typed")
                    .answer("Repeat it: ", "pw-typed");
            assertEquals(0, pty.waitForExit(), pty.screen());
            assertTrue(pty.screen().contains("Added keys AKIAIOSFODNN7EXAMPLE for profile 'dev'"), pty.screen());
            assertFalse(pty.screen().contains(secret), "the secret was echoed:\n" + pty.screen());
            assertFalse(pty.screen().contains("pw-typed"), "the password was echoed:\n" + pty.screen());
        }
        Run list = home.set("TOKENTRAY_VAULT_PASSWORD", "pw-typed").binary("", "list", "--json");
        assertTrue(list.out().contains("\"profile\":\"dev\",\"active\":false,\"keys\":\"vault\""), list.out());
    }

    private static String random() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
