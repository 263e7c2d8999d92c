package dev.tokentray.tray.login;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TrayProgramTest {
    private static final String MAC = "/Applications/tokentray-tray.app/Contents/MacOS/";
    private static final String WINDOWS = "C:\\Users\\ada\\AppData\\Local\\tokentray-tray\\";

    @Test
    void theInstalledTrayLauncherBesideTheOneRunning() {
        Set<String> installed = Set.of(MAC + "tokentray-tray", MAC + "tokentray", WINDOWS + "tokentray-tray.exe",
                WINDOWS + "tokentray.exe");
        // The tray's own launcher, or `tokentray tray` through the CLI's (a console program on Windows).
        assertEquals(MAC + "tokentray-tray", TrayProgram.find(MAC + "tokentray-tray", "/usr/local/bin/tokentray", installed::contains));
        assertEquals(MAC + "tokentray-tray", TrayProgram.find(MAC + "tokentray", "tokentray", installed::contains));
        assertEquals(WINDOWS + "tokentray-tray.exe", TrayProgram.find(WINDOWS + "tokentray.exe", "tokentray", installed::contains));
    }

    @Test
    void theRunningLauncherWhenItHasNoTraySibling() {
        assertEquals("/opt/x/bin/tokentray", TrayProgram.find("/opt/x/bin/tokentray", "tokentray", p -> false));
    }

    @Test
    void theGivenLauncherOutsideAnInstalledApp() {
        assertEquals("/home/ada/tokentray/bin/tokentray", TrayProgram.find(null, "/home/ada/tokentray/bin/tokentray", p -> true));
    }
}
