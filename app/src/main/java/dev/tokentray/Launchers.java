package dev.tokentray;

import dev.tokentray.tray.login.TrayProgram;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The commands that start tokentray again: for the AWS CLI's credential_process, for a login item,
 * and for the background processes tokentray starts itself (the headless agent, the tray). Kept to
 * the JDK, because the shim asks for one when it starts the headless agent.
 */
public final class Launchers {
    private Launchers() {
    }

    /**
     * The CLI: TOKENTRAY_LAUNCHER when set (bin/tokentray and the Linux package's /usr/bin/tokentray
     * export it), else the installed {@code tokentray} launcher beside the one running, or in a
     * macOS bundle its CLI script (jpackage sets jpackage.app-path; the tray's own launcher,
     * tokentray-tray, is tuned for a long run, not for start-up), else tokentray on PATH.
     */
    public static String cli(Env env) {
        String given = env.get("TOKENTRAY_LAUNCHER");
        if (given != null && !given.isBlank()) {
            return given;
        }
        String installed = System.getProperty("jpackage.app-path");
        if (installed != null) {
            Path running = Path.of(installed);
            // In a macOS bundle, the CLI script: it adds the user's class-data-sharing archive, which
            // the bundle's Contents/MacOS/tokentray cannot name (see shim/ShimArchive).
            Path script = running.getParent().resolveSibling("app/share/bin/tokentray");
            if (Files.isExecutable(script)) {
                return script.toString();
            }
            Path cli = running.resolveSibling(running.getFileName().toString().endsWith(".exe") ? "tokentray.exe" : "tokentray");
            return Files.isExecutable(cli) ? cli.toString() : installed;
        }
        return "tokentray";
    }

    /** The program that runs the tray when given {@code tray}: the installed tray launcher if there is one, else {@link #cli}. */
    public static String tray(Env env) {
        return TrayProgram.find(System.getProperty("jpackage.app-path"), cli(env), Launchers::executable);
    }

    private static boolean executable(String path) {
        return Files.isExecutable(Path.of(path));
    }
}
