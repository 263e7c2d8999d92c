package dev.tokentray.tray.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XdgAutostartTest {
    @TempDir
    Path tmp;

    @Test
    void writesAnAutostartEntryThatStartsTheTrayAndRemovesIt() throws Exception {
        TestHome home = new TestHome(tmp).set("XDG_CONFIG_HOME", tmp.resolve("cfg").toString());
        XdgAutostart item = new XdgAutostart(home.env(), "/opt/my apps/tokentray");
        assertFalse(item.enabled());
        item.set(true);
        assertTrue(item.enabled());
        Path entry = tmp.resolve("cfg/autostart/tokentray.desktop");
        assertEquals(entry, item.entry());
        String text = Files.readString(entry);
        assertTrue(text.startsWith("[Desktop Entry]\nType=Application\n"), text);
        assertTrue(text.contains("\nExec=\"/opt/my apps/tokentray\" tray\n"), text);
        item.set(false);
        assertFalse(Files.exists(entry));
    }
}
