package dev.tokentray.tray.login;

import dev.tokentray.Env;
import java.nio.file.Path;

/** Linux desktops: a .desktop entry in $XDG_CONFIG_HOME/autostart (freedesktop Desktop Application Autostart). */
final class XdgAutostart implements LoginItem {
    private final LoginEntryFile entry;
    private final String launcher;

    XdgAutostart(Env env, String launcher) {
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config) : env.home().resolve(".config");
        this.entry = new LoginEntryFile(base.resolve("autostart").resolve("tokentray.desktop"));
        this.launcher = launcher;
    }

    Path entry() {
        return entry.path();
    }

    @Override
    public boolean enabled() {
        return entry.exists();
    }

    @Override
    public void set(boolean on) {
        if (!on) {
            entry.remove();
            return;
        }
        String exec = launcher.contains(" ") ? "\"" + launcher + "\"" : launcher;
        entry.write("[Desktop Entry]\nType=Application\nName=tokentray\nComment=AWS sessions in the tray\n"
                + "Exec=" + exec + " tray\nIcon=tokentray\nTerminal=false\nX-GNOME-Autostart-enabled=true\n");
    }
}
