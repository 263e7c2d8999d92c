package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tray's AppUserModelID, which Windows 10 and 11 name its notices after (AWT's tray messages
 * become toasts): without one they read "OpenJDK Platform binary", java.exe's description. The
 * shell32 call itself runs on Windows only; here a recorder stands in for it.
 */
class AppUserModelIdTest {
    private static final class Recorder implements ProcessAppUserModelId {
        final List<String> ids = new ArrayList<>();

        @Override
        public void set(String id) {
            ids.add(id);
        }
    }

    @Test
    void onWindowsTheProcessGetsTheTraysIdOnce() {
        for (String os : List.of("Windows 10", "Windows 11", "Windows Server 2022")) {
            Recorder shell32 = new Recorder();
            List<String> warnings = new ArrayList<>();
            AppUserModelId.apply(os, AppUserModelId.ID, () -> shell32, warnings::add);
            assertEquals(List.of("dev.tokentray.tray"), shell32.ids, os);
            assertEquals(List.of(), warnings, os);
        }
    }

    /** Elsewhere shell32 is not there: the call is never made, nor JNA loaded for it. */
    @Test
    void otherSystemsAreAskedNothing() {
        for (String os : List.of("Linux", "Mac OS X", "FreeBSD", "SunOS")) {
            List<String> warnings = new ArrayList<>();
            AppUserModelId.apply(os, AppUserModelId.ID, () -> {
                throw new AssertionError(os + " asked for shell32");
            }, warnings::add);
            assertEquals(List.of(), warnings, os);
        }
    }

    /** Notices under another name are no reason to stop the tray: one line says so, and it goes on. */
    @Test
    void aRefusalIsOneLineAndTheTrayGoesOn() {
        List<String> warnings = new ArrayList<>();
        AppUserModelId.apply("Windows 11", AppUserModelId.ID, () -> id -> {
            throw new IllegalStateException("Windows refused the AppUserModelID " + id + " (HRESULT 0x80070057)");
        }, warnings::add);
        assertEquals(List.of("tokentray: notices may be named after the Java runtime, not tokentray: Windows refused"
                + " the AppUserModelID dev.tokentray.tray (HRESULT 0x80070057)"), warnings);

        List<String> noJna = new ArrayList<>();
        AppUserModelId.apply("Windows 10", AppUserModelId.ID, () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'shell32'");
        }, noJna::add);
        assertEquals(List.of("tokentray: notices may be named after the Java runtime, not tokentray:"
                + " Unable to load library 'shell32'"), noJna);
    }

    /**
     * java.exe gets the id (else "OpenJDK Platform binary"); an installed launcher keeps Windows'
     * own, which its jpackage shortcut names, unless its build stamped the shortcut with an id.
     */
    @Test
    void anInstalledTrayTakesAnIdOnlyWhenItsShortcutCarriesIt() {
        assertEquals(AppUserModelId.ID, AppUserModelId.id(null, null));
        assertEquals(null, AppUserModelId.id("C:\\Program Files\\tokentray-tray\\tokentray-tray.exe", null));
        assertEquals("dev.tokentray.tray", AppUserModelId.id("C:\\Program Files\\tokentray-tray\\tokentray-tray.exe",
                "dev.tokentray.tray"));
    }

    /** Windows takes at most 128 characters, no spaces, in dotted CompanyName.ProductName form. */
    @Test
    void theIdIsOneWindowsAccepts() {
        String id = AppUserModelId.ID;
        assertTrue(id.length() <= 128, id);
        assertTrue(id.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"), id);
    }

    /**
     * jpackage writes the .msi's Start menu shortcut without the id; installer/windows/build adds
     * it, when asked (TOKENTRAY_MSI_SHORTCUT_AUMID=1: not yet run on Windows), and the smoke test
     * then reads it from the installed shortcut. Both name the id the process gets.
     */
    @Test
    void theInstallerStampsTheSameIdOnTheStartMenuShortcutWhenAskedTo() throws Exception {
        String build = Files.readString(Project.root().resolve("installer/windows/build"));
        Matcher step = Pattern.compile("(?s)if \\[ \"\\$\\{TOKENTRAY_MSI_SHORTCUT_AUMID:-0}\" = 1 ]; then\\n(.*?)\\nfi\\n").matcher(build);
        StringBuilder steps = new StringBuilder();
        while (step.find()) {
            steps.append(step.group(1)).append('\n');
        }
        assertTrue(steps.length() > 0, "installer/windows/build has no step under TOKENTRAY_MSI_SHORTCUT_AUMID=1");
        assertTrue(steps.toString().contains("installer/windows/shortcut-aumid.ps1"), steps.toString());
        assertTrue(steps.toString().contains("-Id " + AppUserModelId.ID + " "), steps.toString());
        // The launcher takes the id its shortcut now carries (without the stamp it keeps Windows' own).
        assertTrue(steps.toString().contains("--java-options -D" + AppUserModelId.PROPERTY + "=" + AppUserModelId.ID + ")"),
                steps.toString());
        String smoke = Files.readString(Project.root().resolve("installer/smoke"));
        assertTrue(smoke.contains("[ \"$aumid\" = " + AppUserModelId.ID + " ]"), "installer/smoke checks another id");
    }

    @TempDir
    Path tmp;

    /**
     * The SQL of installer/windows/shortcut-aumid.ps1, run by libmsi (msitools: Wine's Windows
     * Installer, parsing the same SQL) on a database: it makes the MsiShortcutProperty table with
     * the columns Windows Installer defines and the row WiX's ShortcutProperty element writes.
     * Only the SQL: the PowerShell around it, and Windows applying the row, need Windows.
     */
    @Test
    void theShortcutScriptsSqlMakesTheRowWixWouldWrite() throws Exception {
        Path msibuild = Peers.require("msibuild", "Debian package msitools");
        Path msiinfo = Peers.require("msiinfo", "Debian package msitools");
        String script = Files.readString(Project.root().resolve("installer/windows/shortcut-aumid.ps1"));
        String create = sqlOf(script, "Run $database ('CREATE TABLE", "\n}");
        String insert = sqlOf(script, "Run $database (('INSERT INTO", " -f $shortcut, $Id)")
                .replace("{0}", "shortcut2f6a0c1e").replace("{1}", AppUserModelId.ID);
        String tables = sqlOf(script, "if ((Rows $database 'SELECT `Name` FROM `_Tables`", " 1).Count");
        Path msi = tmp.resolve("built.msi");
        run(msibuild.toString(), msi.toString(), "-q", create);
        run(msibuild.toString(), msi.toString(), "-q", tables);
        run(msibuild.toString(), msi.toString(), "-q", insert);
        assertEquals(List.of(
                "MsiShortcutProperty\tShortcut_\tPropertyKey\tPropVariantValue",
                "s72\ts72\ts0\ts0",
                "MsiShortcutProperty\tMsiShortcutProperty",
                "TrayAppUserModelId\tshortcut2f6a0c1e\tSystem.AppUserModel.ID\t" + AppUserModelId.ID),
                run(msiinfo.toString(), "export", msi.toString(), "MsiShortcutProperty").lines().toList());
    }

    /** The PowerShell single-quoted strings from {@code start} to {@code end}, joined, as the SQL they hold. */
    private static String sqlOf(String script, String start, String end) {
        int from = script.indexOf(start);
        assertTrue(from >= 0, "shortcut-aumid.ps1 has no " + start);
        int to = script.indexOf(end, from);
        assertTrue(to > from, "shortcut-aumid.ps1 has no " + end + " after " + start);
        StringBuilder sql = new StringBuilder();
        Matcher literal = Pattern.compile("'((?:[^']|'')*)'").matcher(script.substring(from, to));
        while (literal.find()) {
            sql.append(literal.group(1).replace("''", "'"));
        }
        return sql.toString();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
        assertTrue(!output.contains("WARNING") && !output.contains("CRITICAL"), String.join(" ", command) + ": " + output);
        return output;
    }
}
