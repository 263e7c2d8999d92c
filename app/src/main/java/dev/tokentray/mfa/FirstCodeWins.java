package dev.tokentray.mfa;

import dev.tokentray.TokentrayException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    public FirstCodeWins(List<MfaCodeSource> sources, Consumer<String> notices) {
        this.sources = List.copyOf(sources);
        this.notices = notices;
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
            for (MfaCodeSource source : sources) {
                race.submit(() -> source.code(profile, serial, retry));
            }
            List<RuntimeException> failures = new ArrayList<>();
            for (int pending = sources.size(); pending > 0; pending--) {
                try {
                    String code = race.take().get();
                    if (code != null) {
                        return code;
                    }
                } catch (ExecutionException e) {
                    RuntimeException failure = e.getCause() instanceof RuntimeException r ? r
                            : new TokentrayException(String.valueOf(e.getCause().getMessage()));
                    failures.add(failure);
                    if (pending > 1) {
                        notices.accept(failure.getMessage());
                    }
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

    @Override
    public boolean canRetry() {
        return sources.stream().anyMatch(MfaCodeSource::canRetry);
    }
}
