package dev.tokentray.outputs;

import dev.tokentray.ChildEnvironment;
import dev.tokentray.TokentrayException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Opens a link in the person's browser: the program named by BROWSER when set (as git and Python's
 * webbrowser honour it), else the OS's own launcher. No AWT: the CLI stays light.
 */
public final class Browser {
    private Browser() {
    }

    /** How long the browser may take to come up and follow a one-time link. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * Opens {@code secretUrl} through a {@link OneTimeRedirect}, so it never becomes a process
     * argument, and waits until the browser has followed it.
     *
     * @param browser the BROWSER setting, or null for the OS's launcher
     * @param fallback the other way, for the error line, e.g. "run `tokentray login dev --stdout`"
     */
    public static void openOnce(String secretUrl, String browser, String fallback) throws InterruptedException {
        try (OneTimeRedirect link = new OneTimeRedirect(secretUrl)) {
            open(link.uri(), browser, fallback);
            if (!link.awaitFollowed(WAIT)) {
                throw new TokentrayException("no browser opened the sign-in link within " + WAIT.toSeconds() + " s; "
                        + fallback + " and open it yourself");
            }
        }
    }

    private static void open(URI link, String browser, String fallback) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> command = browser != null && !browser.isBlank() ? List.of(browser.strip(), link.toString())
                : os.contains("mac") ? List.of("open", link.toString())
                : os.contains("win") ? List.of("rundll32", "url.dll,FileProtocolHandler", link.toString())
                : List.of("xdg-open", link.toString());
        try {
            ChildEnvironment.builder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new TokentrayException("cannot start a browser here (" + command.get(0) + " is missing); "
                    + fallback + " and open the link yourself");
        }
    }
}
