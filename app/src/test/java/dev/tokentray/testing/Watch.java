package dev.tokentray.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Everything a look finds while the watch is open, looked for on a thread of its own at a steady
 * pace: a thing that is there only for a moment between two of the test's own looks (a second tray
 * that finds the first and exits, a window shown and closed) is seen too.
 *
 * @param <T> how a thing seen is told apart from another (a pid, a window id)
 */
public final class Watch<T extends Comparable<? super T>> implements AutoCloseable {
    private final Set<T> seen = new TreeSet<>();
    private final Thread looker;
    private volatile boolean open = true;

    /**
     * @param what names what is watched, in the looker thread's name
     * @param every the pause between two looks
     * @param look what is there now
     */
    public Watch(String what, Duration every, Supplier<? extends Collection<T>> look) {
        looker = new Thread(() -> {
            while (open) {
                Collection<T> now = look.get();
                synchronized (seen) {
                    seen.addAll(now);
                }
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "watch " + what);
        looker.setDaemon(true);
        looker.start();
    }

    /** Everything seen so far. */
    public Set<T> seen() {
        synchronized (seen) {
            return new TreeSet<>(seen);
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        looker.interrupt();
        looker.join(5000);
    }
}
