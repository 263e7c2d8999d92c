package dev.tokentray.cli;

import dev.tokentray.TokentrayException;
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
        try {
            return app.run();
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
}
