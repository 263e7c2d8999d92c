package dev.tokentray.tray.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.TrayIcon;
import org.junit.jupiter.api.Test;

/** What the pieces of a notice turn into on each desktop, where no display is needed to tell. */
class NoticeTextTest {
    private static final Runnable NOTHING = () -> { };

    @Test
    void aTrayMessageSaysWhatAClickDoesOnTheSameLine() {
        assertEquals("Session ends at 14:05. Click to unlock dev.", TrayMessageNotifier.text(
                new Notice("k", "t", "Session ends at 14:05", "Unlock dev", NOTHING)));
        assertEquals("Session ended! Click to unlock dev.", TrayMessageNotifier.text(
                new Notice("k", "t", "Session ended!", "Unlock dev", NOTHING)));
        assertEquals("Click to unlock dev.",
                TrayMessageNotifier.text(new Notice("k", "t", null, "Unlock dev", NOTHING)));
        assertEquals("Session ends at 14:05", TrayMessageNotifier.text(
                new Notice("k", "t", "Session ends at 14:05", "Unlock dev", null)), "no click, no promise of one");
        assertEquals(TrayIcon.MessageType.WARNING, TrayMessageNotifier.type(Notice.Urgency.CRITICAL));
        assertEquals(TrayIcon.MessageType.INFO,
                TrayMessageNotifier.type(new Notice("k", "t", "b", null, null).urgency()));
    }

    @Test
    void aFreedesktopBodyIsEscapedForServersThatReadMarkup() {
        assertEquals("a &lt;b&gt; &amp;amp; c", FreedesktopNotifier.escapeMarkup("a <b> &amp; c"));
    }

    @Test
    void freedesktopIsTriedEverywhereButWindowsAndMacos() {
        assertTrue(Notifiers.usesFreedesktop("Linux"));
        assertTrue(Notifiers.usesFreedesktop("FreeBSD"));
        assertFalse(Notifiers.usesFreedesktop("Windows 11"));
        assertFalse(Notifiers.usesFreedesktop("Mac OS X"));
    }
}
