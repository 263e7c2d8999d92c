package dev.tokentray.tray;

import static dev.tokentray.tray.FollowingTrayBackend.Host.NONE;
import static dev.tokentray.tray.FollowingTrayBackend.Host.SNI;
import static dev.tokentray.tray.FollowingTrayBackend.Host.XEMBED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tokentray.tray.FollowingTrayBackend.Host;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Where the following tray puts its icon as panels come and go (the real panels: SniLatePanelIT, NoTrayIT). */
class FollowingTrayBackendTest {
    private static final Duration NOW = Duration.ZERO;
    private static final BooleanSupplier XEMBED_TRAY = () -> true;
    private static final BooleanSupplier NO_XEMBED_TRAY = () -> false;

    @Test
    void aStatusNotifierHostWinsFromAnywhere() {
        for (Host from : Host.values()) {
            assertEquals(SNI, FollowingTrayBackend.next(from, true, NOW, XEMBED_TRAY), "from " + from);
        }
    }

    @Test
    void withAStatusNotifierHostAwtsTrayIsNotEvenAsked() {
        AtomicBoolean asked = new AtomicBoolean();
        FollowingTrayBackend.next(NONE, true, NOW, () -> asked.getAndSet(true));
        assertFalse(asked.get(), "AWT's tray (and its toolkit) is left unloaded while a panel hosts the item");
    }

    @Test
    void aPanelRestartKeepsTheIconWhereItIs() {
        Duration justUnder = FollowingTrayBackend.SNI_GRACE.minusMillis(1);
        assertEquals(SNI, FollowingTrayBackend.next(SNI, false, NOW, XEMBED_TRAY));
        assertEquals(SNI, FollowingTrayBackend.next(SNI, false, justUnder, XEMBED_TRAY));
    }

    @Test
    void aPanelGoneForGoodHandsTheIconToAnXembedTray() {
        assertEquals(XEMBED, FollowingTrayBackend.next(SNI, false, FollowingTrayBackend.SNI_GRACE, XEMBED_TRAY));
    }

    @Test
    void withNoTrayAtAllTheIconStaysWhereItWasToShowWhenItsHostReturns() {
        Duration long_ = Duration.ofHours(1);
        assertEquals(SNI, FollowingTrayBackend.next(SNI, false, long_, NO_XEMBED_TRAY));
        assertEquals(XEMBED, FollowingTrayBackend.next(XEMBED, false, long_, NO_XEMBED_TRAY));
        assertEquals(NONE, FollowingTrayBackend.next(NONE, false, long_, NO_XEMBED_TRAY));
    }

    @Test
    void anXembedTrayTakesAnIconThatHadNoTray() {
        assertEquals(XEMBED, FollowingTrayBackend.next(NONE, false, NOW, XEMBED_TRAY));
        assertEquals(XEMBED, FollowingTrayBackend.next(XEMBED, false, NOW, XEMBED_TRAY));
    }
}
