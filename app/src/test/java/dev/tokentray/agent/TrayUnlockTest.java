package dev.tokentray.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a caller without a terminal may count on a person at a desktop to answer the tray's dialog, per OS. */
class TrayUnlockTest {
    private static boolean desktop(String os, Map<String, String> vars) {
        return TrayUnlock.desktop(new Env(vars, os), os);
    }

    @Test
    void onLinuxAndTheBsdsADisplayInTheEnvironmentIsTheDesktop() {
        for (String os : new String[] {"Linux", "FreeBSD", "OpenBSD", "NetBSD"}) {
            assertTrue(desktop(os, Map.of("DISPLAY", ":0")), os);
            assertTrue(desktop(os, Map.of("WAYLAND_DISPLAY", "wayland-0")), os);
            assertTrue(desktop(os, Map.of("DISPLAY", ":1", "SSH_CONNECTION", "10.0.0.2 51000 10.0.0.1 22")),
                    os + ": ssh -X forwards a display, where the dialog shows to the person typing");
            assertFalse(desktop(os, Map.of()), os + ": a console, a CI runner, ssh without -X");
            assertFalse(desktop(os, Map.of("DISPLAY", "", "WAYLAND_DISPLAY", "")), os + ": set but empty");
            assertFalse(desktop(os, Map.of("DISPLAY", " ")), os + ": blank");
            assertFalse(desktop(os, Map.of("SSH_TTY", "/dev/pts/0")), os);
        }
    }

    @Test
    void onMacOsEverySessionButAnSshLoginHasTheDesktop() {
        assertTrue(desktop("Mac OS X", Map.of()), "Terminal, an IDE, a launchd job of the logged-in user");
        assertTrue(desktop("Mac OS X", Map.of("SSH_CONNECTION", "")), "set but empty");
        assertFalse(desktop("Mac OS X", Map.of("SSH_CONNECTION", "10.0.0.2 51000 10.0.0.1 22")),
                "the dialog would show on the Mac's screen, not to the person typing over SSH");
        assertFalse(desktop("Mac OS X", Map.of("SSH_TTY", "/dev/ttys003")));
        assertTrue(desktop("Mac OS X", Map.of("DISPLAY", "")), "no X display is needed on macOS");
    }

    @Test
    void onWindowsThereIsAlwaysADesktop() {
        assertTrue(desktop("Windows 11", Map.of()));
        assertTrue(desktop("Windows 10", Map.of("SSH_CONNECTION", "10.0.0.2 51000 10.0.0.1 22")));
    }

    @Test
    void aCiJobHasNobodyAtItsDisplayOnAnyOs() {
        for (String os : new String[] {"Linux", "FreeBSD", "Mac OS X", "Windows 11"}) {
            assertFalse(desktop(os, Map.of("DISPLAY", ":99", "CI", "true")), os + ": GitHub Actions with xvfb-run");
            assertFalse(desktop(os, Map.of("DISPLAY", ":99", "CI", "1")), os);
            assertFalse(desktop(os, Map.of("DISPLAY", ":99", "TF_BUILD", "True")), os + ": Azure Pipelines");
            assertFalse(desktop(os, Map.of("DISPLAY", ":99", "JENKINS_URL", "https://ci.example/")), os + ": Jenkins");
            assertFalse(desktop(os, Map.of("DISPLAY", ":99", "TEAMCITY_VERSION", "2024.12")), os + ": TeamCity");
            assertTrue(desktop(os, Map.of("DISPLAY", ":99", "CI", "false")), os + ": CI=false says it is not one");
            assertTrue(desktop(os, Map.of("DISPLAY", ":99", "CI", "0")), os);
            assertTrue(desktop(os, Map.of("DISPLAY", ":99", "CI", "")), os + ": set but empty");
        }
    }
}
