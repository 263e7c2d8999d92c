package dev.tokentray.mfa.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class YubikeyPresenceTest {
    @Test
    void onlyYubicoKeysWithCcidCount() {
        for (int id : new int[] {0x0405, 0x0406, 0x0407, 0x0111, 0x0115, 0x0116}) {
            assertTrue(YubicoUsbIds.givesOathCodes(0x1050, id), Integer.toHexString(id));
        }
        assertFalse(YubicoUsbIds.givesOathCodes(0x1050, 0x0402), "FIDO only: no OATH applet reachable");
        assertFalse(YubicoUsbIds.givesOathCodes(0x1050, 0x0401), "OTP only");
        assertFalse(YubicoUsbIds.givesOathCodes(0x20a0, 0x0407), "another vendor");
    }

    /**
     * The real hidapi through hid4java on this machine, which has no YubiKey: the first report
     * comes at once and is empty, and closing stops the scan thread. (Plugging a key in cannot be
     * done on a CI machine; the tray's reaction to one is tested in TrayAppTest.)
     */
    @Test
    void hidapiStartsAndReportsNoKeyOnAMachineWithoutOne() throws Exception {
        LinkedBlockingQueue<List<YubikeyPresence.Device>> reports = new LinkedBlockingQueue<>();
        try (Hid4javaPresence presence = new Hid4javaPresence()) {
            presence.start(reports::add);
            assertEquals(List.of(), reports.poll(10, TimeUnit.SECONDS));
        }
        Thread.sleep(Hid4javaPresence.SCAN_MILLIS + 500);
        assertTrue(reports.isEmpty(), "nothing is reported after close: " + reports);
    }
}
