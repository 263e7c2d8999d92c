package dev.tokentray.tray.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.Env;
import dev.tokentray.testing.SessionBus;
import dev.tokentray.tray.theme.DesktopTheme.Scheme;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings portal's replies in each shape a portal gives them, parsed alone and read over a
 * real (private) session bus from a stand-in portal: ReadOne of portal 1.15 and later, Read of
 * older ones (one variant more), the SettingChanged signal, and "no preference" handed to gsettings.
 */
class PortalThemeTest {
    @TempDir
    Path dir;

    @Test
    void replyShapes() {
        assertEquals(Scheme.DARK, PortalTheme.fromPortalValue(new Variant<>(new UInt32(1))), "ReadOne: v holding u");
        assertEquals(Scheme.DARK, PortalTheme.fromPortalValue(new Variant<>(new Variant<>(new UInt32(1)))),
                "Read: v holding v holding u");
        assertEquals(Scheme.LIGHT, PortalTheme.fromPortalValue(new Variant<>(new UInt32(2))));
        assertNull(PortalTheme.fromPortalValue(new Variant<>(new UInt32(0))), "0: no preference");
        assertNull(PortalTheme.fromPortalValue(new Variant<>("prefer-dark")), "not a number");
        assertNull(PortalTheme.fromPortalValue(null));
    }

    /** A portal of version 2: ReadOne, and Read for old callers. */
    public static final class Portal implements PortalSettings {
        volatile int colorScheme;

        Portal(int colorScheme) {
            this.colorScheme = colorScheme;
        }

        @Override
        public Variant<?> ReadOne(String namespace, String key) {
            check(namespace, key);
            return new Variant<>(new UInt32(colorScheme));
        }

        @Override
        public Variant<?> Read(String namespace, String key) {
            check(namespace, key);
            return new Variant<>(new Variant<>(new UInt32(colorScheme)));
        }

        private static void check(String namespace, String key) {
            assertEquals("org.freedesktop.appearance", namespace);
            assertEquals("color-scheme", key);
        }

        @Override
        public String getObjectPath() {
            return OBJECT_PATH;
        }
    }

    /** A portal before 1.15: Read only, each value wrapped in one more variant. */
    @DBusInterfaceName("org.freedesktop.portal.Settings")
    public interface OldSettings extends DBusInterface {
        Variant<?> Read(String namespace, String key);
    }

    public static final class OldPortal implements OldSettings {
        @Override
        public Variant<?> Read(String namespace, String key) {
            return new Variant<>(new Variant<>(new UInt32(1)));
        }

        @Override
        public String getObjectPath() {
            return PortalSettings.OBJECT_PATH;
        }
    }

    private static DBusConnection serve(SessionBus bus, DBusInterface portal) throws Exception {
        DBusConnection connection = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
        connection.exportObject(PortalSettings.OBJECT_PATH, portal);
        connection.requestBusName(PortalSettings.BUS_NAME);
        return connection;
    }

    @Test
    void readOneSaysDarkAndTheSignalSaysEachSwitch() throws Exception {
        try (SessionBus bus = SessionBus.start(dir, Map.of())) {
            Portal portal = new Portal(1);
            try (DBusConnection served = serve(bus, portal);
                    PortalTheme theme = new PortalTheme(new Env(bus.env()), new FixedTheme(Scheme.LIGHT))) {
                assertEquals(Scheme.DARK, theme.scheme());
                portal.colorScheme = 2;
                assertEquals(Scheme.LIGHT, theme.scheme());

                BlockingQueue<Scheme> heard = new LinkedBlockingQueue<>();
                assertTrue(theme.watch(heard::add), "a portal tells of changes");
                served.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH,
                        "org.gnome.desktop.interface", "font-name", new Variant<>("Cantarell 11")));
                served.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH,
                        "org.freedesktop.appearance", "color-scheme", new Variant<>(new UInt32(1))));
                assertEquals(Scheme.DARK, heard.poll(10, TimeUnit.SECONDS), "the switch to dark");
                served.sendMessage(new PortalSettings.SettingChanged(PortalSettings.OBJECT_PATH,
                        "org.freedesktop.appearance", "color-scheme", new Variant<>(new UInt32(0))));
                assertEquals(Scheme.LIGHT, heard.poll(10, TimeUnit.SECONDS), "no preference: the fallback's answer");
                assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "another setting's change is no switch");
            }
        }
    }

    @Test
    void anOldPortalIsReadWithRead() throws Exception {
        try (SessionBus bus = SessionBus.start(dir, Map.of());
                DBusConnection served = serve(bus, new OldPortal());
                PortalTheme theme = new PortalTheme(new Env(bus.env()), new FixedTheme(Scheme.LIGHT))) {
            assertEquals(Scheme.DARK, theme.scheme());
        }
    }

    @Test
    void noPreferenceAsksTheFallback() throws Exception {
        try (SessionBus bus = SessionBus.start(dir, Map.of());
                DBusConnection served = serve(bus, new Portal(0));
                PortalTheme theme = new PortalTheme(new Env(bus.env()), new FixedTheme(Scheme.DARK))) {
            assertEquals(Scheme.DARK, theme.scheme(), "0 from the portal, Adwaita-dark from gsettings");
        }
    }

    @Test
    void aBusWithoutAPortalAsksTheFallbackAndWatchesNothing() throws Exception {
        try (SessionBus bus = SessionBus.start(dir, Map.of());
                PortalTheme theme = new PortalTheme(new Env(bus.env()), new FixedTheme(Scheme.DARK))) {
            assertEquals(Scheme.DARK, theme.scheme());
            assertEquals(false, theme.watch(changed -> { }));
        }
    }
}
