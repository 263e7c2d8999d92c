package dev.tokentray.tray.theme;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A source asked on a thread of its own, so that the window about to open (on the FX thread)
 * waits at most {@code patience} for it: an XDG portal that is activatable but slow to start, or
 * stuck, holds a D-Bus call until the bus gives up (25 s), and gsettings may take its 2-s limit.
 * In time, the source's answer; else the last answer it gave (light before any), and the late
 * answer goes to {@link #whenLate} when it comes, so the windows opened meanwhile follow it.
 * One question at a time: a window opening while the source is still thinking waits on the same one.
 */
public final class PromptTheme implements DesktopTheme {
    private final DesktopTheme source;
    private final Duration patience;
    private volatile Consumer<Scheme> lateAnswer = said -> { };
    private volatile Scheme last = Scheme.LIGHT;
    // Guarded by this.
    private CompletableFuture<Scheme> asking;

    public PromptTheme(DesktopTheme source, Duration patience) {
        this.source = source;
        this.patience = patience;
    }

    /** Where an answer that came after the caller stopped waiting goes (on the asking thread). */
    public void whenLate(Consumer<Scheme> onLateAnswer) {
        lateAnswer = onLateAnswer;
    }

    @Override
    public Scheme scheme() {
        CompletableFuture<Scheme> answer = ask();
        try {
            return answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillThinking) {
            Consumer<Scheme> late = lateAnswer;
            answer.thenAccept(late);
            return last;
        } catch (ExecutionException e) {
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last;
        }
    }

    private synchronized CompletableFuture<Scheme> ask() {
        if (asking == null || asking.isDone()) {
            CompletableFuture<Scheme> next = new CompletableFuture<>();
            Thread asker = new Thread(() -> {
                try {
                    Scheme said = source.scheme();
                    last = said;
                    next.complete(said);
                } catch (RuntimeException | Error e) {
                    next.completeExceptionally(e);
                }
            }, "desktop-theme");
            asker.setDaemon(true);
            asker.start();
            asking = next;
        }
        return asking;
    }

    @Override
    public boolean watch(Consumer<Scheme> changed) {
        return source.watch(said -> {
            last = said;
            changed.accept(said);
        });
    }
}
