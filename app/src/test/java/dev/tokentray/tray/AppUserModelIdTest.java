package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tray's AppUserModelID, which Windows 10 and 11 name its notices after (AWT's tray messages
 * become toasts): without one they read "OpenJDK Platform binary", java.exe's description. The
 * shell32 call itself runs on Windows only; here a recorder stands in for it.
 */
class AppUserModelIdTest {
    private static final class Recorder implements ProcessAppUserModelId {
        final List<String> ids = new ArrayList<>();

        @Override
        public void set(String id) {
            ids.add(id);
        }
    }

    @Test
    void onWindowsTheProcessGetsTheTraysIdOnce() {
        for (String os : List.of("Windows 10", "Windows 11", "Windows Server 2022")) {
            Recorder shell32 = new Recorder();
            List<String> warnings = new ArrayList<>();
            AppUserModelId.apply(os, () -> shell32, warnings::add);
            assertEquals(List.of("dev.tokentray.tray"), shell32.ids, os);
            assertEquals(List.of(), warnings, os);
        }
    }

    /** Elsewhere shell32 is not there: the call is never made, nor JNA loaded for it. */
    @Test
    void otherSystemsAreAskedNothing() {
        for (String os : List.of("Linux", "Mac OS X", "FreeBSD", "SunOS")) {
            List<String> warnings = new ArrayList<>();
            AppUserModelId.apply(os, () -> {
                throw new AssertionError(os + " asked for shell32");
            }, warnings::add);
            assertEquals(List.of(), warnings, os);
        }
    }

    /** Notices under another name are no reason to stop the tray: one line says so, and it goes on. */
    @Test
    void aRefusalIsOneLineAndTheTrayGoesOn() {
        List<String> warnings = new ArrayList<>();
        AppUserModelId.apply("Windows 11", () -> id -> {
            throw new IllegalStateException("Windows refused the AppUserModelID " + id + " (HRESULT 0x80070057)");
        }, warnings::add);
        assertEquals(List.of("tokentray: notices may be named after the Java runtime, not tokentray: Windows refused"
                + " the AppUserModelID dev.tokentray.tray (HRESULT 0x80070057)"), warnings);

        List<String> noJna = new ArrayList<>();
        AppUserModelId.apply("Windows 10", () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'shell32'");
        }, noJna::add);
        assertEquals(List.of("tokentray: notices may be named after the Java runtime, not tokentray:"
                + " Unable to load library 'shell32'"), noJna);
    }

    /** Windows takes at most 128 characters, no spaces, in dotted CompanyName.ProductName form. */
    @Test
    void theIdIsOneWindowsAccepts() {
        String id = AppUserModelId.ID;
        assertTrue(id.length() <= 128, id);
        assertTrue(id.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+"), id);
    }
}
