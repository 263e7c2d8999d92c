package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.OtherUser;
import dev.tokentray.testing.Project;
import dev.tokentray.testing.TestHome;
import dev.tokentray.testing.VirtualDesktop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tray, run by an ordinary user (not root, who could take any directory over), finds the
 * agent directory made by another user: it says which directory and what to do, in the same one
 * line the shim says, and starts no agent there.
 */
class TrayTrustIT {
    /** The victim: an ordinary user, neither root nor the other user. */
    private static final int VICTIM = 4242;

    @RegisterExtension
    static VirtualDesktop desktop = new VirtualDesktop(false);

    @Test
    void theTraySaysWhichDirectoryItDoesNotTrust() throws Exception {
        try (OtherUser other = new OtherUser()) {
            Path home = Files.createDirectories(other.shared().resolve("victim/.aws"));
            Path tokentrayHome = other.shared().resolve("victim/tt");
            Files.createDirectory(tokentrayHome);
            TestHome.process(List.of("chown", "-R", VICTIM + ":" + VICTIM, home.getParent().toString()), "", System.getenv());
            TestHome.process(List.of("chmod", "0777", tokentrayHome.toString()), "", System.getenv()); // left open once
            Path agentDir = tokentrayHome.resolve("agent");
            other.sh("mkdir '" + agentDir + "'");

            Map<String, String> env = new HashMap<>(desktop.env());
            env.put("PATH", System.getenv("PATH"));
            env.put("HOME", home.getParent().toString());
            env.put("TOKENTRAY_HOME", tokentrayHome.toString());
            env.put("TOKENTRAY_KEYRING", "file");
            TestHome.Run tray = TestHome.process(List.of("setpriv", "--reuid=" + VICTIM, "--regid=" + VICTIM,
                    "--clear-groups", "timeout", "60", Project.root().resolve("bin/tokentray").toString(), "tray"), "", env);

            assertEquals(1, tray.exit(), tray.toString());
            assertFalse(tray.err().contains("internal error"), tray.toString());
            assertTrue(tray.err().contains("tokentray: " + agentDir + " belongs to another user (uid " + OtherUser.UID
                    + "), so tokentray does not trust it; remove it and try again"), tray.toString());
            assertFalse(Files.exists(agentDir.resolve("agent.sock")), "no agent started there");
        }
    }
}
