package dev.tokentray.testing;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A real freedesktop notification server (dunst) on a private session bus, drawing its bubbles on
 * an X display (Xvfb): what a Linux user's desktop does with tokentray's notices. {@code dunstctl}
 * reads back what it shows.
 */
public final class NotificationDaemon implements AutoCloseable {
    /** Debian's defaults (markup, mouse buttons, placement), except that no bubble expires during a test. */
    private static final String DUNSTRC = """
            [global]
                font = Sans 11
                markup = full
                sort = yes
                origin = top-right
                offset = 10x50
                width = 320
                mouse_left_click = close_current
                mouse_middle_click = do_action, close_current
                mouse_right_click = close_all
            [urgency_low]
                timeout = 0
            [urgency_normal]
                timeout = 0
            [urgency_critical]
                timeout = 0
            """;

    private final Path dir;
    private final SessionBus bus;
    private final ManagedProcess dunst;

    private NotificationDaemon(Path dir, SessionBus bus, ManagedProcess dunst) {
        this.dir = dir;
        this.bus = bus;
        this.dunst = dunst;
    }

    /** Starts a bus and dunst on it; {@code display} is the X display's environment (DISPLAY=…). */
    public static NotificationDaemon start(Map<String, String> display) throws IOException {
        String dunstPath = Peers.require("dunst", "apt-get install dunst").toString();
        Peers.require("dunstctl", "apt-get install dunst");
        Path dir = Files.createTempDirectory("tokentray-dunst-");
        Map<String, String> env = new HashMap<>(display);
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_RUNTIME_DIR", dir.toString());
        env.put("PATH", System.getenv("PATH"));
        SessionBus bus = SessionBus.start(dir, env);
        Path config = dir.resolve("dunstrc");
        Files.writeString(config, DUNSTRC);
        env.putAll(bus.env());
        ManagedProcess dunst = ManagedProcess.start("dunst", List.of(dunstPath, "-config", config.toString()), env,
                dir);
        NotificationDaemon daemon = new NotificationDaemon(dir, bus, dunst);
        try {
            bus.awaitName("org.freedesktop.Notifications", dunst, Duration.ofSeconds(20));
        } catch (AssertionError e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    public SessionBus bus() {
        return bus;
    }

    public String address() {
        return bus.address();
    }

    public ManagedProcess process() {
        return dunst;
    }

    /** Runs {@code dunstctl ARGS} against this dunst; fails on a non-zero exit. */
    public String dunstctl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("dunstctl");
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(bus.env());
        env.put("PATH", System.getenv("PATH"));
        TestHome.Run run = TestHome.process(command, "", env);
        if (run.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + run + "\ndunst log: " + dunst.logText());
        }
        return run.out();
    }

    /** {@code dunstctl count displayed|waiting|history}. */
    public int count(String which) {
        return Integer.parseInt(dunstctl("count", which).strip());
    }

    /**
     * Bubbles on screen plus those queued for it: everything dunst has been asked to show and still
     * shows. dunst moves a bubble from its queue to the screen between two reads, so the queue is
     * read on both sides of the screen: a count it did not change between them is exact.
     */
    public int showing() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int waiting = count("waiting");
            int displayed = count("displayed");
            if (count("waiting") == waiting) {
                return displayed + waiting;
            }
        }
        throw new AssertionError("dunst's queue of bubbles kept changing: " + this);
    }

    /** Polls {@link #showing()} until {@code condition} holds; returns the last count. */
    public int awaitShowing(IntPredicate condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int showing = showing();
        while (!condition.test(showing) && Instant.now().isBefore(deadline)) {
            FreePort.sleep(50);
            showing = showing();
        }
        return showing;
    }

    /** One closed notification from {@code dunstctl history}, newest first. */
    public record Shown(long id, String appName, String summary, String body) {
    }

    public List<Shown> history() {
        String json = dunstctl("history");
        try {
            Map<String, Object> root = JSON.std.mapFrom(json);
            List<?> outer = (List<?>) root.get("data");
            List<Shown> shown = new ArrayList<>();
            for (Object entry : (List<?>) outer.get(0)) {
                Map<?, ?> fields = (Map<?, ?>) entry;
                shown.add(new Shown(((Number) field(fields, "id")).longValue(), (String) field(fields, "appname"),
                        (String) field(fields, "summary"), (String) field(fields, "body")));
            }
            return shown;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("cannot read dunstctl history: " + e + "\n" + json, e);
        }
    }

    private static Object field(Map<?, ?> fields, String name) {
        return ((Map<?, ?>) fields.get(name)).get("data");
    }

    @Override
    public void close() {
        dunst.close();
        bus.close();
    }

    @Override
    public String toString() {
        return "dunst on " + bus.address() + " (" + dir + ", log " + dunst.log() + ")";
    }
}
