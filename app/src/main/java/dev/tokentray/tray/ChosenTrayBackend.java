package dev.tokentray.tray;

import dev.tokentray.TokentrayException;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A backend still being chosen: the choice (a D-Bus connection and a question to the panel, some
 * 200 ms on a cold JVM) runs on a thread of its own while the tray starts its toolkit, and the
 * first call that needs the backend waits for it.
 */
public final class ChosenTrayBackend implements TrayBackend {
    private final CompletableFuture<TrayBackend> chosen = new CompletableFuture<>();

    public ChosenTrayBackend(Supplier<TrayBackend> choice) {
        Thread chooser = new Thread(() -> {
            try {
                chosen.complete(choice.get());
            } catch (RuntimeException | Error e) {
                chosen.completeExceptionally(e);
            }
        }, "tray-backend-choice");
        chooser.setDaemon(true);
        chooser.start();
    }

    /** The backend chosen; a refusal (TOKENTRAY_TRAY=sni with no session bus) comes out as its own exception. */
    public TrayBackend backend() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return chosen.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new TokentrayException("the tray backend could not be chosen: " + e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The backend if it has been chosen by now, else null (the notifier asks for AWT's icon without waiting). */
    public TrayBackend backendIfChosen() {
        return chosen.isDone() && !chosen.isCompletedExceptionally() ? chosen.join() : null;
    }

    /** AWT's icon while AWT draws the tray, else null; never waits for the choice (the notifier asks for it). */
    public java.awt.TrayIcon awtTrayIcon() {
        TrayBackend backend = backendIfChosen();
        if (backend instanceof FollowingTrayBackend following) {
            backend = following.awtIfShown();
        }
        return backend instanceof AwtTrayBackend awt ? awt.trayIcon() : null;
    }

    @Override
    public boolean supported() {
        return backend().supported();
    }

    @Override
    public void show(BufferedImage icon, String tooltip, List<TrayMenuItem> menu, Runnable onActivate) {
        backend().show(icon, tooltip, menu, onActivate);
    }

    @Override
    public int iconSize() {
        return backend().iconSize();
    }

    @Override
    public void close() {
        TrayBackend backend = backendIfChosen();
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    public void onDesktopLost(Runnable onLoss) {
        backend().onDesktopLost(onLoss);
    }
}
