package dev.tokentray.tray.login;

import dev.tokentray.Env;
import dev.tokentray.TokentrayException;
import java.nio.file.Path;

/**
 * macOS: a per-user launch agent, ~/Library/LaunchAgents/dev.tokentray.tray.plist, that launchd
 * runs once when the person logs in to the desktop (RunAtLoad, Aqua sessions only, so not over
 * SSH). The newer SMAppService (macOS 13) is an Objective-C API that Java 17 cannot call without
 * native code of our own, and a launch agent works on every macOS the runtime supports; since
 * macOS 13 it is listed under System Settings → General → Login Items, where it can be switched off.
 */
final class LaunchAgent implements LoginItem {
    static final String LABEL = "dev.tokentray.tray";

    private final LoginEntryFile plist;
    private final String program;

    LaunchAgent(Env env, String program) {
        this.plist = new LoginEntryFile(env.home().resolve("Library").resolve("LaunchAgents").resolve(LABEL + ".plist"));
        this.program = program;
    }

    @Override
    public boolean enabled() {
        return plist.exists();
    }

    @Override
    public void set(boolean on) {
        if (!on) {
            plist.remove();
            return;
        }
        // launchd does not search the PATH a terminal has.
        if (!Path.of(program).isAbsolute()) {
            throw new TokentrayException("start at login needs the tray's full path, and this one was started as '" + program
                    + "': start the tray from tokentray-tray.app (or bin/tokentray in a checkout) and try again");
        }
        // ProcessType Interactive: launchd gives the tray an app's resources, not a daemon's throttled ones.
        plist.write("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                \t<key>Label</key>
                \t<string>%s</string>
                \t<key>ProgramArguments</key>
                \t<array>
                \t\t<string>%s</string>
                \t\t<string>tray</string>
                \t</array>
                \t<key>RunAtLoad</key>
                \t<true/>
                \t<key>LimitLoadToSessionType</key>
                \t<string>Aqua</string>
                \t<key>ProcessType</key>
                \t<string>Interactive</string>
                </dict>
                </plist>
                """.formatted(LABEL, xmlText(program)));
    }

    private static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
