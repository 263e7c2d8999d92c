package dev.tokentray.tray.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.TokentrayException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowsRunKeyTest {
    private static final String TRAY = "C:\\Users\\Ada Lovelace\\AppData\\Local\\tokentray-tray\\tokentray-tray.exe";

    /** The Run key's values as the registry holds them; the JNA access itself runs on Windows only. */
    private static final class RunKeyInMemory implements RunKeyValues {
        final Map<String, String> values = new LinkedHashMap<>();

        @Override
        public String get(String name) {
            return values.get(name);
        }

        @Override
        public void put(String name, String commandLine) {
            values.put(name, commandLine);
        }

        @Override
        public void remove(String name) {
            values.remove(name);
        }
    }

    @Test
    void writesTheTraysQuotedCommandLineUnderItsNameAndRemovesIt() {
        RunKeyInMemory runKey = new RunKeyInMemory();
        runKey.put("OneDrive", "\"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe\" /background");
        WindowsRunKey item = new WindowsRunKey(runKey, TRAY);
        assertFalse(item.enabled());

        item.set(true);

        assertTrue(item.enabled());
        assertEquals(Map.of(
                "OneDrive", "\"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe\" /background",
                "tokentray", "\"" + TRAY + "\" tray"), runKey.values);

        item.set(false);

        assertFalse(item.enabled());
        assertEquals(Map.of("OneDrive", "\"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe\" /background"), runKey.values);
    }

    /** Windows runs a Run value as a program: a shell script (bin/tokentray in a checkout) would not start. */
    @Test
    void refusesAnythingButTheInstalledProgram() {
        RunKeyInMemory runKey = new RunKeyInMemory();
        TokentrayException e = assertThrows(TokentrayException.class,
                () -> new WindowsRunKey(runKey, "C:\\src\\tokentray\\bin\\tokentray").set(true));
        assertEquals("start at login needs the installed tray, tokentray-tray.exe, and this one runs as"
                + " C:\\src\\tokentray\\bin\\tokentray: install tokentray from its .msi and turn it on there", e.getMessage());
        assertTrue(runKey.values.isEmpty());
    }
}
