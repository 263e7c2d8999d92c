package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Opens a link in the person's browser: the program named by BROWSER when set (as git and Python's
 * webbrowser honour it), else the OS's own launcher. No AWT: the CLI stays light.
 */
final class Browser {
    private Browser() {
    }

    /**
     * @param fallback what to say when there is no launcher, e.g. "run `tokentray login dev --stdout`"
     */
    static void open(URI link, String browser, String fallback) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command = browser != null && !browser.isBlank() ? List.of(browser.strip(), link.toString())
                : os.contains("mac") ? List.of("open", link.toString())
                : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", link.toString())
                : List.of("xdg-open", link.toString());
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new TokentrayException("cannot start a browser here (" + command.get(0) + " is missing); "
                    + fallback + " and open the link yourself");
        }
    }
}
