package dev.tokentray.shim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.tokentray.Env;
import dev.tokentray.testing.JpackageCfg;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which archive the installed tray keeps recorded for the CLI, per OS. */
class ShimArchiveTest {
    @TempDir
    Path tmp;

    /**
     * A macOS bundle whose launchers' .cfg files jpackage wrote from installer/macos/: the tray
     * records into the user's cache, never inside the bundle (a file there breaks its signature).
     */
    @Test
    void onMacTheTrayRecordsIntoTheUsersCacheOutsideTheBundle() throws Exception {
        Path bundle = tmp.resolve("Applications/tokentray-tray.app");
        Path appDir = Files.createDirectories(bundle.resolve("Contents/app"));
        JpackageCfg.write(appDir, "tokentray", "installer/macos/tokentray.properties", "1.2.3");
        Env env = new Env(Map.of("HOME", tmp.resolve("Users/ann").toString()));

        Optional<Path> archive = ShimArchive.installedArchive(env, "Mac OS X",
                bundle.resolve("Contents/MacOS/tokentray-tray").toString(), "1.2.3", classPath(appDir));

        assertEquals(Optional.of(tmp.resolve("Users/ann/Library/Caches/tokentray/tokentray-1.2.3-"
                + ShimArchive.digest(appDir.toString()) + ".jsa")), archive);
        assertFalse(archive.get().startsWith(bundle), archive.get() + " is inside the bundle");
    }

    /** Another version, or another copy of the app, never gets this archive's name. */
    @Test
    void theNameHoldsTheVersionAndTheCopyOfTheApp() {
        Env env = new Env(Map.of("HOME", "/Users/ann"));
        Path here = Path.of("/Applications/tokentray-tray.app/Contents/app");
        Path there = Path.of("/Users/ann/Applications/tokentray-tray.app/Contents/app");
        assertEquals(ShimArchive.userArchive(env, "1.2.3", here), ShimArchive.userArchive(env, "1.2.3", here));
        assertNotEquals(ShimArchive.userArchive(env, "1.2.3", here), ShimArchive.userArchive(env, "1.2.4", here));
        assertNotEquals(ShimArchive.userArchive(env, "1.2.3", here), ShimArchive.userArchive(env, "1.2.3", there));
        // FNV-1a's published test vectors: the shell's copy of it in installer/macos/tokentray.sh is checked by MacCliScriptIT.
        assertEquals("811c9dc5", ShimArchive.digest(""));
        assertEquals("e40c292c", ShimArchive.digest("a"));
        assertEquals("bf9cf968", ShimArchive.digest("foobar"));
    }

    /** Once the tray has recorded this version's archive, the same copy's older ones go; other copies' stay. */
    @Test
    void recordingAVersionRemovesTheSameCopysEarlierOnes() throws Exception {
        Path caches = Files.createDirectories(tmp.resolve("Library/Caches/tokentray"));
        Path current = Files.writeString(caches.resolve("tokentray-1.2.3-abcd1234.jsa"), "new");
        Files.writeString(caches.resolve("tokentray-1.2.2-abcd1234.jsa"), "old");
        Files.writeString(caches.resolve("tokentray-1.2.2-rc1-abcd1234.jsa"), "old");
        Files.writeString(caches.resolve("tokentray-1.2.2-ffff0000.jsa"), "another copy");
        Files.writeString(caches.resolve("notes.txt"), "not ours");

        ShimArchive.removeOtherVersions(current);

        try (var left = Files.list(caches)) {
            assertEquals(List.of("notes.txt", "tokentray-1.2.2-ffff0000.jsa", "tokentray-1.2.3-abcd1234.jsa"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** On Windows the .cfg of tokentray.exe names it, in the per-user install folder the tray may write. */
    @Test
    void onWindowsItIsTheOneTheCliLaunchersCfgNames() throws Exception {
        Path install = tmp.resolve("AppData/Local/tokentray-tray");
        Path appDir = Files.createDirectories(install.resolve("app"));
        JpackageCfg.write(appDir, "tokentray", "installer/windows/tokentray.properties", "1.2.3");

        Optional<Path> archive = ShimArchive.installedArchive(new Env(Map.of()), "Windows 11",
                install.resolve("tokentray-tray.exe").toString(), "1.2.3", classPath(appDir));

        assertEquals(Optional.of(install.resolve("tokentray.jsa")), archive);
    }

    /** Outside an installed app (bin/tokentray, tests) the tray records nothing: bin/tokentray keeps its own. */
    @Test
    void aCheckoutHasNoInstalledArchive() {
        assertEquals(Optional.empty(), ShimArchive.installedArchive(new Env(Map.of("HOME", "/Users/ann")), "Mac OS X",
                null, "1.2.3", "/src/tokentray/app/target/tokentray.jar"));
    }

    private static String classPath(Path appDir) {
        return appDir.resolve("tokentray.jar") + File.pathSeparator + appDir.resolve("lib/picocli-4.7.7.jar");
    }
}
