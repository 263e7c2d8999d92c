package dev.tokentray.mfa;

import dev.tokentray.TokentrayException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Several sources race for one code, e.g. a YubiKey and the person typing it: the first code
 * given wins and the others are interrupted. A source that fails does not end the race while
 * another may still answer; its one-line reason goes to {@code notices} so the person knows to
 * type the code instead.
 */
public final class FirstCodeWins implements MfaCodeSource {
    private final List<MfaCodeSource> sources;
    private final Consumer<String> notices;
    private final Duration headStart;

    public FirstCodeWins(List<MfaCodeSource> sources, Consumer<String> notices) {
        this(sources, notices, Duration.ZERO);
    }

    /**
     * @param headStart how long the first source runs alone before the others start: a YubiKey
     *                  that needs no touch answers within it, so no prompt is shown for nothing
     */
    public FirstCodeWins(List<MfaCodeSource> sources, Consumer<String> notices, Duration headStart) {
        this.sources = List.copyOf(sources);
        this.notices = notices;
        this.headStart = headStart;
    }

    @Override
    public String code(String profile, String serial, boolean retry) {
        if (sources.size() == 1) {
            return sources.get(0).code(profile, serial, retry);
        }
        // Daemon threads: a source that cannot be interrupted (a blocked terminal read) must not
        // keep the process alive once another source has answered.
        ExecutorService pool = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "tokentray-mfa-race");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<String> race = new ExecutorCompletionService<>(pool);
            List<RuntimeException> failures = new ArrayList<>();
            race.submit(() -> sources.get(0).code(profile, serial, retry));
            Future<String> first = race.poll(headStart.toMillis(), TimeUnit.MILLISECONDS);
            int pending = 1;
            if (first != null) {
                pending--;
                String code = result(first, failures, true);
                if (code != null) {
                    return code;
                }
            }
            for (MfaCodeSource source : sources.subList(1, sources.size())) {
                race.submit(() -> source.code(profile, serial, retry));
                pending++;
            }
            for (; pending > 0; pending--) {
                String code = result(race.take(), failures, pending > 1);
                if (code != null) {
                    return code;
                }
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The code of a finished source, or null; a failure is kept, and told when others still run. */
    private String result(Future<String> done, List<RuntimeException> failures, boolean othersRunning)
            throws InterruptedException {
        try {
            return done.get();
        } catch (ExecutionException e) {
            RuntimeException failure = e.getCause() instanceof RuntimeException r ? r
                    : new TokentrayException(String.valueOf(e.getCause().getMessage()));
            failures.add(failure);
            if (othersRunning) {
                notices.accept(failure.getMessage());
            }
            return null;
        }
    }

    @Override
    public boolean canRetry() {
        return sources.stream().anyMatch(MfaCodeSource::canRetry);
    }
}
