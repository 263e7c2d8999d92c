package dev.tokentray.tray.login;

import dev.tokentray.TokentrayException;
import java.util.Locale;

/**
 * Windows: the value "tokentray" in the per-user Run key, the tray's quoted path and "tray", which
 * Windows runs at logon (and lists in Task Manager's Startup apps, where it can be switched off).
 */
final class WindowsRunKey implements LoginItem {
    static final String NAME = "tokentray";

    private final RunKeyValues runKey;
    private final String program;

    WindowsRunKey(RunKeyValues runKey, String program) {
        this.runKey = runKey;
        this.program = program;
    }

    @Override
    public boolean enabled() {
        return runKey.get(NAME) != null;
    }

    @Override
    public void set(boolean on) {
        if (!on) {
            runKey.remove(NAME);
            return;
        }
        if (!program.toLowerCase(Locale.ROOT).endsWith(".exe")) {
            throw new TokentrayException("start at login needs the installed tray, tokentray-tray.exe, and this one runs as "
                    + program + ": install tokentray from its .msi and turn it on there");
        }
        // Quoted: the per-user install lives under the account's folder, which may hold spaces.
        runKey.put(NAME, "\"" + program + "\" tray");
    }
}
