package dev.tokentray.mfa.oath;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that talks to a card. PC/SC calls cannot be cancelled (a transaction waits for
 * another program's, a touch-required CALCULATE for the finger), so callers wait for it with a
 * deadline and an interrupt gives up at once; a stuck call finishes on this daemon thread.
 */
final class CardWorker {
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tokentray-pcsc");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code task} on the card thread and waits at most {@code deadline}.
     *
     * @param timedOut the error's message when the deadline passes
     */
    <T> T run(Duration deadline, String timedOut, Callable<T> task) {
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new OathException("the YubiKey session is closed; start again");
        }
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OathException("stopped waiting for the YubiKey");
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OathException(timedOut);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new OathException("the YubiKey exchange failed (" + cause.getClass().getSimpleName()
                    + "); unplug it, plug it in again and retry", cause);
        }
    }

    /** Runs {@code cleanup} after whatever is still running, without waiting for it. */
    void shutdownAfter(Runnable cleanup) {
        try {
            executor.execute(cleanup);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Already shut down.
        }
        executor.shutdown();
    }
}
