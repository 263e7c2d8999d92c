package dev.tokentray.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real xfce4-panel (Debian's 4.18) on a virtual desktop, with its own private session bus and
 * xfconfd, holding one plugin: systray, which is at once a StatusNotifierItem host (it runs
 * org.kde.StatusNotifierWatcher and registers as a host) and an XEmbed tray. The panel spans the
 * top of the screen, 32 pixels high; its icons start at the left.
 */
public final class XfcePanel implements AutoCloseable {
    public static final String WATCHER = "org.kde.StatusNotifierWatcher";
    private static final String XFCONFD = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd";

    private final SessionBus bus;
    private final Map<String, String> env;
    private ManagedProcess xfconfd;
    private ManagedProcess panel;

    private XfcePanel(SessionBus bus, Map<String, String> env) {
        this.bus = bus;
        this.env = env;
    }

    /** Starts the bus, xfconfd and the panel in {@code dir} on {@code desktop}'s display; returns once the watcher answers. */
    public static XfcePanel start(Path dir, Map<String, String> desktopEnv) throws IOException {
        XfcePanel panel = withoutPanel(dir, desktopEnv);
        try {
            panel.startPanel();
        } catch (RuntimeException | Error e) {
            panel.close();
            throw e;
        }
        return panel;
    }

    /**
     * The bus and xfconfd, the panel not yet started ({@link #startAgain} starts it): a panel that
     * never ran has not taken the XEmbed tray selection from another tray on the display.
     */
    public static XfcePanel withoutPanel(Path dir, Map<String, String> desktopEnv) throws IOException {
        Peers.require("xfce4-panel", "apt-get install xfce4-panel");
        Peers.require("gdbus", "apt-get install libglib2.0-bin");
        if (!Files.isExecutable(Path.of(XFCONFD))) {
            throw new AssertionError(XFCONFD + " is missing: apt-get install xfconf");
        }
        Path busDir = Files.createDirectories(dir.resolve("bus"));
        Map<String, String> env = new HashMap<>(desktopEnv);
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", Files.createDirectories(dir.resolve("panel-home")).toString());
        Path config = dir.resolve("xdg-config");
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_CACHE_HOME", Files.createDirectories(dir.resolve("xdg-cache")).toString());
        SessionBus bus = SessionBus.start(busDir, env);
        env.putAll(bus.env());
        Path channel = Files.createDirectories(config.resolve("xfce4/xfconf/xfce-perchannel-xml"));
        // known-items / known-legacy-items list our names, so the plugin never files them under "hidden".
        Files.writeString(channel.resolve("xfce4-panel.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <channel name="xfce4-panel" version="1.0">
                  <property name="configver" type="int" value="2"/>
                  <property name="panels" type="array">
                    <value type="int" value="1"/>
                    <property name="panel-1" type="empty">
                      <property name="position" type="string" value="p=6;x=0;y=0"/>
                      <property name="position-locked" type="bool" value="true"/>
                      <property name="length" type="uint" value="100"/>
                      <property name="size" type="uint" value="32"/>
                      <property name="icon-size" type="uint" value="24"/>
                      <property name="plugin-ids" type="array">
                        <value type="int" value="1"/>
                      </property>
                    </property>
                  </property>
                  <property name="plugins" type="empty">
                    <property name="plugin-1" type="string" value="systray">
                      <property name="known-items" type="array">
                        <value type="string" value="tokentray"/>
                      </property>
                      <property name="known-legacy-items" type="array">
                        <value type="string" value="tokentray"/>
                        <value type="string" value="dev-tokentray-main"/>
                      </property>
                    </property>
                  </property>
                </channel>
                """);
        XfcePanel panel = new XfcePanel(bus, env);
        try {
            panel.xfconfd = ManagedProcess.start("xfconfd", List.of(XFCONFD), env, dir);
        } catch (RuntimeException | Error e) {
            panel.close();
            throw e;
        }
        return panel;
    }

    private void startPanel() {
        panel = ManagedProcess.start("xfce4-panel", List.of("xfce4-panel", "--disable-wm-check"), env, null);
        bus.awaitName(WATCHER, panel, Duration.ofSeconds(30));
    }

    /** Ends the panel (its watcher goes with it) and starts a new one, as a panel restart or crash does. */
    public void restart() {
        stop();
        startPanel();
    }

    /** Ends the panel, and with it the StatusNotifierWatcher; the bus and xfconfd stay. */
    public void stop() {
        panel.close();
        Duration waited = Duration.ZERO;
        while (bus.hasOwner(WATCHER) && waited.toMillis() < 10_000) {
            FreePort.sleep(100);
            waited = waited.plusMillis(100);
        }
        if (bus.hasOwner(WATCHER)) {
            throw new AssertionError("the watcher outlived its panel");
        }
    }

    /** Starts the panel again after {@link #stop} (or first after {@link #withoutPanel}); returns once its watcher answers. */
    public void startAgain() {
        startPanel();
    }

    /** The session bus the panel is on: a tray that should show in it needs this in its environment. */
    public Map<String, String> busEnv() {
        return bus.env();
    }

    /** Runs {@code gdbus call --session} with {@code args} on the panel's bus, as a real client would. */
    public TestHome.Run gdbusCall(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("gdbus", "call", "--session"));
        command.addAll(List.of(args));
        return TestHome.process(command, "", env);
    }

    /** The watcher's RegisteredStatusNotifierItems, as gdbus prints it. */
    public String registeredItems() {
        TestHome.Run run = gdbusCall("-d", WATCHER, "-o", "/StatusNotifierWatcher", "-m",
                "org.freedesktop.DBus.Properties.Get", WATCHER, "RegisteredStatusNotifierItems");
        if (run.exit() != 0) {
            throw new AssertionError("the watcher did not answer: " + run);
        }
        return run.out();
    }

    public String panelLog() {
        return panel.logText();
    }

    @Override
    public void close() {
        if (panel != null) {
            panel.close();
        }
        if (xfconfd != null) {
            xfconfd.close();
        }
        bus.close();
    }
}
