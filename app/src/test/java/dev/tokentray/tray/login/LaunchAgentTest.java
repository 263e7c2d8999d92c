package dev.tokentray.tray.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.tokentray.TokentrayException;
import dev.tokentray.testing.Peers;
import dev.tokentray.testing.TestHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchAgentTest {
    private static final String TRAY = "/Applications/R&D <tools>/tokentray-tray.app/Contents/MacOS/tokentray-tray";

    @TempDir
    Path tmp;

    @Test
    void writesALaunchAgentThatStartsTheTrayAtLoginAndRemovesIt() throws Exception {
        TestHome home = new TestHome(tmp);
        Path agents = home.home().resolve("Library/LaunchAgents");
        Files.createDirectories(agents);
        Path other = agents.resolve("com.example.other.plist");
        Files.writeString(other, "someone else's agent\n");
        LaunchAgent item = new LaunchAgent(home.env(), TRAY);
        assertFalse(item.enabled());

        item.set(true);

        Path plist = agents.resolve("dev.tokentray.tray.plist");
        assertTrue(item.enabled());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(plist)));
        assertEquals(Map.of(
                "Label", "dev.tokentray.tray",
                "ProgramArguments", List.of(TRAY, "tray"),
                "RunAtLoad", true,
                "LimitLoadToSessionType", "Aqua",
                "ProcessType", "Interactive"), readPlist(plist));
        try (Stream<Path> files = Files.list(agents)) {
            assertEquals(List.of("com.example.other.plist", "dev.tokentray.tray.plist"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "temp files left behind");
        }

        item.set(false);

        assertFalse(item.enabled());
        assertFalse(Files.exists(plist));
        assertEquals("someone else's agent\n", Files.readString(other));
    }

    @Test
    void makesTheLaunchAgentsFolderWhenThereIsNone() throws Exception {
        TestHome home = new TestHome(tmp);
        new LaunchAgent(home.env(), TRAY).set(true);
        assertEquals("dev.tokentray.tray", readPlist(home.home().resolve("Library/LaunchAgents/dev.tokentray.tray.plist"))
                .get("Label"));
    }

    /** launchd runs ProgramArguments with its own PATH (/usr/bin:/bin:/usr/sbin:/sbin): a bare name is not found. */
    @Test
    void refusesALauncherWithoutAFullPath() {
        TestHome home = new TestHome(tmp);
        TokentrayException e = assertThrows(TokentrayException.class, () -> new LaunchAgent(home.env(), "tokentray").set(true));
        assertEquals("start at login needs the tray's full path, and this one was started as 'tokentray':"
                + " start the tray from tokentray-tray.app (or bin/tokentray in a checkout) and try again", e.getMessage());
        assertFalse(Files.exists(home.home().resolve("Library/LaunchAgents/dev.tokentray.tray.plist")));
    }

    /** The file as macOS reads it: python's plistlib, a strict reader of Apple's XML property lists. */
    private static Map<String, Object> readPlist(Path plist) throws Exception {
        Path python = Peers.require("python3", "apt-get install python3");
        TestHome.Run run = TestHome.process(List.of(python.toString(), "-c",
                "import json, plistlib, sys\nwith open(sys.argv[1], 'rb') as f:\n    print(json.dumps(plistlib.load(f, fmt=plistlib.FMT_XML)))",
                plist.toString()), "", Map.of("PATH", System.getenv("PATH")));
        assertEquals(0, run.exit(), "plistlib: " + run);
        return JSON.std.mapFrom(run.out());
    }
}
