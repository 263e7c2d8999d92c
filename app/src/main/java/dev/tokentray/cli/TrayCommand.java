package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
import dev.tokentray.agent.AgentLock;
import dev.tokentray.tray.ChosenTrayBackend;
import dev.tokentray.tray.TrayBackends;
import dev.tokentray.tray.MenuBarOnly;
import dev.tokentray.tray.TrayApp;
import dev.tokentray.tray.XConnectionLoss;
import dev.tokentray.tray.XDisplay;
import dev.tokentray.tray.notify.Notice;
import dev.tokentray.tray.notify.Notifier;
import dev.tokentray.tray.notify.Notifiers;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "tray", description = "Start the tray app: the icon with every profile's countdown, and the agent the shim asks.")
final class TrayCommand implements Callable<Integer> {
    /**
     * How long the X server may take to answer before the tray gives up: a live one answers in
     * milliseconds, and with the JVM's start the whole refusal stays within 2 seconds.
     */
    private static final Duration DISPLAY_PATIENCE = Duration.ofMillis(700);
    /** How long a SIGTERM waits for the tray to close its agent and wipe what it holds (milliseconds, as a rule). */
    private static final Duration STOP_LIMIT = Duration.ofSeconds(2);
    /** The status a JVM ends with on SIGTERM (128 + 15), kept when the tray ends the process itself. */
    private static final int SIGTERM_STATUS = 143;

    @ParentCommand
    TokentrayCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // First: the toolkits read it when they start, and the notifier below may start AWT's.
        MenuBarOnly.apply();
        CliContext ctx = root.ctx();
        String noDesktop = XDisplay.problem(ctx.env(), DISPLAY_PATIENCE);
        if (noDesktop != null) {
            throw new TokentrayException(noDesktop);
        }
        ChosenTrayBackend backend;
        try {
            backend = TrayBackends.chooseInBackground(ctx.env(), ctx.err()::println);
        } catch (TrayBackends.UnknownBackend e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        TrayApp app = new TrayApp(ctx.engine(), backend, ctx.clock(), ctx.err()::println);
        // Found on a thread of its own: a notification server that holds its name but hangs would
        // otherwise delay the icon by dbus-java's 20 s timeout.
        Thread finder = new Thread(() -> {
            Notifier notifier = Notifiers.forDesktop(ctx.env(),
                    backend::awtTrayIcon,
                    reason -> ctx.err().println("tokentray: notices go to tray messages: " + reason));
            app.alerts((key, title, body, onClick) -> notifier.show(new Notice(key, title, body, "Unlock", onClick)));
        }, "tray-notifier");
        finder.setDaemon(true);
        finder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(app, ctx), "tray-stop-on-signal"));
        try {
            return app.run();
        } catch (AgentLock.TrayRunning running) {
            // The running tray was asked to step aside, refused, and opened its window instead: a
            // second launch from the menu shows tokentray, as with other single-instance apps.
            ctx.err().println("tokentray: the tray is already running, so it opened its window");
            return 0;
        } finally {
            if (app.desktopLost()) {
                ctx.err().println("tokentray: the display " + ctx.env().getOrDefault("DISPLAY", "")
                        + " went away (a logout?), so the tray stopped");
                ctx.err().flush();
                // The agent is closed and the vault wiped; nothing else may run (see XConnectionLoss).
                XConnectionLoss.endProcess(1);
            }
            if (app.toolkitStarted()) {
                // The JavaFX toolkit is the process's: it ends with the tray (an embedding test keeps it).
                javafx.application.Platform.exit();
            }
        }
    }

    /**
     * A SIGTERM stops the tray as Quit does. A session manager ending a session sends it and then
     * ends the X server, often while the JVM is still shutting down: the toolkits' own shutdown
     * hooks and libc's exit handlers then wait for ever on the dead connection, and the tray
     * outlived the session. So on an X desktop, once the tray has stopped, the process ends here
     * without them (what they would tidy is the X server's, which frees a client's resources when
     * its connection closes).
     */
    private static void stopOnSignal(TrayApp app, CliContext ctx) {
        try {
            if (!app.stopForShutdown(STOP_LIMIT)) {
                // Quit, or a tray that never started serving: the JVM ends as it does for any command.
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (XDisplay.drawsThroughX()) {
            ctx.err().flush();
            System.out.flush();
            XConnectionLoss.endProcess(SIGTERM_STATUS);
        }
    }
}
