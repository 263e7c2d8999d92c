package dev.tokentray.tray.login;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import dev.tokentray.fs.AtomicFile;
import dev.tokentray.fs.FileErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Linux desktops: a .desktop entry in $XDG_CONFIG_HOME/autostart (freedesktop Desktop Application Autostart). */
final class XdgAutostart implements LoginItem {
    private final Path entry;
    private final String launcher;

    XdgAutostart(Env env, String launcher) {
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config) : env.home().resolve(".config");
        this.entry = base.resolve("autostart").resolve("tokentray.desktop");
        this.launcher = launcher;
    }

    Path entry() {
        return entry;
    }

    @Override
    public boolean supported() {
        return true;
    }

    @Override
    public boolean enabled() {
        return Files.isRegularFile(entry);
    }

    @Override
    public void set(boolean on) {
        try {
            if (!on) {
                Files.deleteIfExists(entry);
                return;
            }
            Files.createDirectories(entry.getParent());
            String exec = launcher.contains(" ") ? "\"" + launcher + "\"" : launcher;
            String text = "[Desktop Entry]\nType=Application\nName=tokentray\nComment=AWS sessions in the tray\n"
                    + "Exec=" + exec + " tray\nIcon=tokentray\nTerminal=false\nX-GNOME-Autostart-enabled=true\n";
            AtomicFile.write(entry, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new TokentrayException(FileErrors.line("cannot write " + entry, e, "check its permissions"), e);
        }
    }
}
