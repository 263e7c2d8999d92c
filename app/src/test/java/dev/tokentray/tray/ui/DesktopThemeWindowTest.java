package dev.tokentray.tray.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Fx;
import dev.tokentray.tray.TrayIcons;
import dev.tokentray.tray.theme.DesktopTheme;
import dev.tokentray.tray.theme.DesktopTheme.Scheme;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The windows follow the desktop: a dark desktop gives a newly opened dialog the dark stylesheet
 * and a dark background (a pixel of what it shows), a switch while it is open restyles it, and
 * every window carries the app icon in each size the jar has. TestFX, headless.
 */
class DesktopThemeWindowTest {
    @RegisterExtension
    static TrayUi ui = new TrayUi();

    /** A desktop whose scheme the test sets, and which tells of each change as the portal's signal does. */
    static final class Desktop implements DesktopTheme {
        volatile Scheme scheme;
        final AtomicReference<Consumer<Scheme>> listener = new AtomicReference<>();

        Desktop(Scheme scheme) {
            this.scheme = scheme;
        }

        @Override
        public Scheme scheme() {
            return scheme;
        }

        @Override
        public boolean watch(Consumer<Scheme> changed) {
            listener.set(changed);
            return true;
        }

        void switchTo(Scheme next) {
            scheme = next;
            listener.get().accept(next);
        }
    }

    /** A desktop that cannot tell of changes (gsettings, macOS defaults, the registry): asked at each opening. */
    static final class QuietDesktop implements DesktopTheme {
        volatile Scheme scheme;

        QuietDesktop(Scheme scheme) {
            this.scheme = scheme;
        }

        @Override
        public Scheme scheme() {
            return scheme;
        }
    }

    /** How light the window's background is, 0 black to 1 white, at a corner no control covers. */
    private static double backgroundBrightness(Stage stage) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage shot = Fx.call(() -> stage.getScene().getRoot().snapshot(null, null));
        Color corner = Fx.call(() -> shot.getPixelReader().getColor(4, 4));
        return corner.getBrightness();
    }

    private static boolean darkSheet(Stage stage) throws Exception {
        return Fx.call(() -> stage.getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("/tokentray-dark.css")));
    }

    private Stage openUnlock(String profile) throws Exception {
        ui.world().views.ask(profile, false);
        return Fx.awaitStage("Unlock " + profile);
    }

    private Stage openSettings() throws Exception {
        Fx.run(ui.world().views::showSettings);
        return Fx.awaitStage("Settings");
    }

    @Test
    void aDarkDesktopGivesDarkDialogsAndALightOneLightDialogs() throws Exception {
        Fx.run(() -> ui.world().views.followTheme(new QuietDesktop(Scheme.DARK)));
        Stage unlock = openUnlock("admin");
        assertTrue(darkSheet(unlock), "the dark stylesheet is on the new dialog");
        double dark = backgroundBrightness(unlock);
        assertTrue(dark < 0.25, "a dark desktop's dialog is dark; its background's brightness is " + dark);
        Fx.screenshot(unlock, "redesign-unlock-dark");
        // A problem line in the dark: its glyph and words, in a red that reads on dark grey.
        Fx.run(() -> ((javafx.scene.control.Button) unlock.getScene().lookup("#unlock")).fire());
        WaitForAsyncUtils.waitForFxEvents();
        Fx.screenshot(unlock, "redesign-unlock-dark-problem");
        Stage settings = openSettings();
        assertTrue(darkSheet(settings));
        assertTrue(backgroundBrightness(settings) < 0.25);
        Fx.screenshot(settings, "redesign-settings-dark");
        Fx.closeAll();

        // (A closed dialog's profile is still asked for until cancelled: the light one is alice's.)
        Fx.run(() -> ui.world().views.followTheme(new QuietDesktop(Scheme.LIGHT)));
        Stage lightUnlock = openUnlock("alice");
        assertFalse(darkSheet(lightUnlock));
        double light = backgroundBrightness(lightUnlock);
        assertTrue(light > 0.85, "a light desktop's dialog is light; its background's brightness is " + light);
        Fx.screenshot(lightUnlock, "redesign-unlock-light");
        Stage lightSettings = openSettings();
        assertTrue(backgroundBrightness(lightSettings) > 0.85);
        Fx.screenshot(lightSettings, "redesign-settings-light");
    }

    @Test
    void aDesktopThatCannotSignalIsAskedAtEachOpening() throws Exception {
        QuietDesktop desktop = new QuietDesktop(Scheme.LIGHT);
        Fx.run(() -> ui.world().views.followTheme(desktop));
        Stage first = openSettings();
        assertFalse(darkSheet(first));
        Fx.run(first::close);
        desktop.scheme = Scheme.DARK;
        Stage second = openSettings();
        assertTrue(darkSheet(second), "the next window follows the switch");
    }

    @Test
    void aSwitchSignalledWhileADialogIsOpenRestylesIt() throws Exception {
        Desktop desktop = new Desktop(Scheme.LIGHT);
        Fx.run(() -> ui.world().views.followTheme(desktop));
        Stage settings = openSettings();
        assertTrue(backgroundBrightness(settings) > 0.85);
        desktop.switchTo(Scheme.DARK);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(darkSheet(settings), "the open dialog took the dark stylesheet");
        assertTrue(backgroundBrightness(settings) < 0.25, "and turned dark");
        desktop.switchTo(Scheme.LIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(darkSheet(settings));
        assertTrue(backgroundBrightness(settings) > 0.85, "and back");
        assertEquals(1, Fx.call(() -> settings.getScene().getStylesheets().stream()
                .filter(s -> s.endsWith("/tokentray.css")).count()), "tokentray.css stays, once");
    }

    /**
     * A desktop that takes its time to say (an XDG portal being started, or stuck until the bus's
     * 25-s timeout): the window opens meanwhile, light, and turns dark once the answer comes.
     */
    @Test
    void aDesktopSlowToAnswerDoesNotHoldTheWindowAndIsFollowedWhenItAnswers() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        DesktopTheme slow = () -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Scheme.DARK;
        };
        try {
            Fx.run(() -> ui.world().views.followTheme(slow));
            Stage settings = openSettings();
            assertFalse(darkSheet(settings), "opened before the desktop answered: light");
            answer.countDown();
            for (int i = 0; i < 50 && !darkSheet(settings); i++) {
                Thread.sleep(100);
            }
            assertTrue(darkSheet(settings), "the late answer restyled the open window");
            assertTrue(backgroundBrightness(settings) < 0.25, "and it turned dark");
        } finally {
            answer.countDown();
        }
    }

    @Test
    void everyWindowCarriesTheAppIconInEverySizeTheJarHas() throws Exception {
        Path icons = Path.of(URI.create(TrayIcons.appIconUrls().get(0).toString())).getParent();
        List<Integer> inJar;
        try (Stream<Path> files = Files.list(icons)) {
            inJar = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("app-\\d+\\.png"))
                    .map(n -> Integer.parseInt(n.replaceAll("\\D", ""))).sorted().toList();
        }
        assertFalse(inJar.isEmpty());
        Fx.run(() -> ui.world().views.followTheme(new QuietDesktop(Scheme.LIGHT)));
        for (Stage stage : List.of(openUnlock("admin"), openSettings())) {
            List<Integer> sizes = Fx.call(() -> stage.getIcons().stream().map(Image::getWidth)
                    .map(w -> (int) Math.round(w)).sorted().toList());
            assertEquals(inJar, sizes, "the icons of '" + stage.getTitle() + "'");
        }
    }
}
