package dev.tokentray.tray.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginItemTest {
    @TempDir
    Path tmp;

    /** The Settings window's "Start tokentray when I log in" is enabled where the item is supported. */
    @Test
    void everyDesktopOsHasItsOwnLoginItem() {
        TestHome home = new TestHome(tmp);
        Map<String, String> expected = Map.of(
                "Linux", "XdgAutostart",
                "FreeBSD", "XdgAutostart",
                "Mac OS X", "LaunchAgent",
                "Windows 11", "WindowsRunKey",
                "Windows Server 2022", "WindowsRunKey");
        expected.forEach((os, implementation) -> {
            LoginItem item = LoginItem.forOs(os, home.env(), "tokentray", null);
            assertTrue(item.supported(), os + ": start at login is not supported");
            assertEquals(implementation, item.getClass().getSimpleName(), os);
        });
    }

    @Test
    void anUnknownSystemSaysItIsNotSupported() {
        LoginItem item = LoginItem.forOs("SunOS", new TestHome(tmp).env(), "tokentray", null);
        assertEquals(false, item.supported());
    }
}
