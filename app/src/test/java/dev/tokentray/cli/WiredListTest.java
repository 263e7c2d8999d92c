package dev.tokentray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.TestHome.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tokentray list` after `tokentray wire`: the wired profile is a note on the profile it wires,
 * not a profile of its own that looks unusable ("credential_process", never a session).
 */
class WiredListTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path tmp;
    TestHome home;

    @BeforeEach
    void setUp() throws Exception {
        home = new TestHome(tmp).set("TOKENTRAY_VAULT_PASSWORD", "pw").set("TOKENTRAY_LAUNCHER", "/opt/token tray/bin/tokentray");
        home.config("[profile admin]\nrole_arn = arn:aws:iam::1:role/admin\nsource_profile = dev\n"
                + "[profile dev]\nmfa_serial = arn:aws:iam::1:mfa/me\n"
                // A credential_process of the user's own is a profile of its own, whatever its arguments.
                + "[profile sso-helper]\ncredential_process = other-tool credential-process dev\n");
        assertEquals(0, home.cli(SECRET + "\n", "add", "dev", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--secret-stdin").exit());
        assertEquals(0, home.cli("", "wire", "admin").exit());
        assertTrue(Files.readString(home.configFile()).contains("[profile admin-tokentray]"));
    }

    @Test
    void theTableShowsTheWiringOnItsSourceRowAndNoRowForIt() {
        Run run = home.cli("", "list");
        assertEquals(0, run.exit(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertFalse(run.out().contains("\n  admin-tokentray "), run.out());
        String admin = lines.stream().filter(l -> l.startsWith("  admin ")).findFirst().orElseThrow();
        assertTrue(admin.contains("via dev, wired as admin-tokentray"), admin);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  sso-helper ") && l.contains("credential_process")), run.out());
    }

    @Test
    void theJsonSaysWhichProfileWiresWhich() {
        Run run = home.cli("", "list", "--json");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("\"profile\":\"admin\",") && run.out().contains("\"wired_as\":[\"admin-tokentray\"]"),
                run.out());
        assertTrue(run.out().contains("\"profile\":\"admin-tokentray\",") && run.out().contains("\"wiring_of\":\"admin\""),
                run.out());
    }
}
