package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokentray.Env;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrayBackendsTest {
    @Test
    void anUnknownValueIsRefusedWithWhatToUse() {
        TrayBackends.UnknownBackend e = assertThrows(TrayBackends.UnknownBackend.class,
                () -> TrayBackends.choose(new Env(Map.of("TOKENTRAY_TRAY", "kde")), line -> { }));
        assertEquals("TOKENTRAY_TRAY=kde names no tray backend: use sni (StatusNotifierItem) or awt (XEmbed, macOS,"
                + " Windows), or unset it to pick by the desktop", e.getMessage());
    }

    @Test
    void withoutASessionBusItIsAwt() {
        List<String> log = new ArrayList<>();
        assertInstanceOf(AwtTrayBackend.class, TrayBackends.choose(new Env(Map.of()), log::add));
        assertEquals(List.of(), log);
    }

    @Test
    void awtForcedIsAwt() {
        assertInstanceOf(AwtTrayBackend.class, TrayBackends.choose(new Env(Map.of("TOKENTRAY_TRAY", "awt",
                "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")), line -> { }));
    }

    @Test
    void sniForcedWithoutABusSaysSo() {
        dev.tokentray.TokentrayException e = assertThrows(dev.tokentray.TokentrayException.class,
                () -> TrayBackends.choose(new Env(Map.of("TOKENTRAY_TRAY", "sni")), line -> { }));
        assertEquals("TOKENTRAY_TRAY=sni needs the D-Bus session bus, and there is none: DBUS_SESSION_BUS_ADDRESS is not"
                + " set and there is no $XDG_RUNTIME_DIR/bus; unset it for AWT's tray", e.getMessage());
    }

    @Test
    void theChoiceInBackgroundRefusesABadValueAtOnceAndHandsOverTheBackend() {
        assertThrows(TrayBackends.UnknownBackend.class,
                () -> TrayBackends.chooseInBackground(new Env(Map.of("TOKENTRAY_TRAY", "x")), line -> { }));
        ChosenTrayBackend chosen = TrayBackends.chooseInBackground(new Env(Map.of()), line -> { });
        assertInstanceOf(AwtTrayBackend.class, chosen.backend());
        ChosenTrayBackend refused = TrayBackends.chooseInBackground(new Env(Map.of("TOKENTRAY_TRAY", "sni")), line -> { });
        assertThrows(dev.tokentray.TokentrayException.class, refused::supported);
    }

    @Test
    void theHostIsSentEveryRenditionOfTheState() {
        java.awt.image.BufferedImage drawn = TrayIcons.image(TrayIcons.State.EXPIRING, TrayIcons.Variant.DARK, 22);
        List<SniPixmap> all = SniTrayBackend.renditions(drawn);
        assertEquals(List.of(16, 22, 24, 32, 48), all.stream().map(p -> p.width).toList());
        SniPixmap p22 = all.get(1);
        int argb = drawn.getRGB(11, 11);
        int at = (11 * 22 + 11) * 4;
        assertEquals(argb, (p22.argb[at] & 0xff) << 24 | (p22.argb[at + 1] & 0xff) << 16 | (p22.argb[at + 2] & 0xff) << 8
                | (p22.argb[at + 3] & 0xff), "ARGB32 in network byte order");
    }
}
