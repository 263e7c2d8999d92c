package dev.tokentray.cli;

import dev.tokentray.tray.AwtTrayBackend;
import dev.tokentray.tray.TrayApp;
import dev.tokentray.tray.notify.Notice;
import dev.tokentray.tray.notify.Notifier;
import dev.tokentray.tray.notify.Notifiers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "tray", description = "Start the tray app: the icon with every profile's countdown, and the agent the shim asks.")
final class TrayCommand implements Callable<Integer> {
    @ParentCommand
    TokentrayCommand root;

    @Override
    public Integer call() throws Exception {
        CliContext ctx = root.ctx();
        AwtTrayBackend backend = new AwtTrayBackend();
        TrayApp app = new TrayApp(ctx.engine(), backend, ctx.clock(), ctx.err()::println);
        // Found on a thread of its own: a notification server that holds its name but hangs would
        // otherwise delay the icon by dbus-java's 20 s timeout.
        Thread finder = new Thread(() -> {
            Notifier notifier = Notifiers.forDesktop(ctx.env(), backend::trayIcon,
                    reason -> ctx.err().println("tokentray: notices go to tray messages: " + reason));
            app.alerts((key, title, body, onClick) -> notifier.show(new Notice(key, title, body, "Unlock", onClick)));
        }, "tray-notifier");
        finder.setDaemon(true);
        finder.start();
        try {
            return app.run();
        } finally {
            // The JavaFX toolkit is the process's: it ends with the tray (an embedding test keeps it).
            javafx.application.Platform.exit();
        }
    }
}
