package dev.tokentray.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * JavaFX for TestFX tests: the headless Monocle platform (DESIGN.md §7: monocle 17.0.10 on JDK 17,
 * software rendering), FX-thread calls, and window screenshots into target/screenshots.
 */
public final class Fx {
    private Fx() {
    }

    /** Starts the toolkit headless once per JVM. */
    public static void startHeadless() throws Exception {
        System.setProperty("testfx.headless", "true");
        System.setProperty("testfx.robot", "glass");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        FxToolkit.registerPrimaryStage();
    }

    /** Runs {@code work} on the FX thread and returns its result. */
    public static <T> T call(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
    }

    public static void run(Runnable work) throws Exception {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** The showing stage whose title starts with {@code prefix}, or null. */
    public static Stage stage(String prefix) throws Exception {
        return call(() -> Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null && s.getTitle().startsWith(prefix))
                .map(w -> (Stage) w).findFirst().orElse(null));
    }

    public static long showing(String prefix) throws Exception {
        return call(() -> Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && s.isShowing() && s.getTitle() != null && s.getTitle().startsWith(prefix))
                .count());
    }

    /** Waits until a stage titled {@code prefix…} shows. */
    public static Stage awaitStage(String prefix) throws Exception {
        for (int i = 0; i < 300; i++) {
            Stage s = stage(prefix);
            if (s != null) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no window titled '" + prefix + "…' opened");
    }

    /** Closes every tokentray window a test left open. */
    public static void closeAll() throws Exception {
        run(() -> Window.getWindows().stream().filter(w -> w instanceof Stage).map(w -> (Stage) w)
                .filter(s -> s.getTitle() != null && s.getTitle().contains("tokentray")).toList().forEach(Stage::close));
    }

    /** Saves what {@code stage} shows as target/screenshots/NAME.png. */
    public static Path screenshot(Stage stage, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = call(() -> stage.getScene().getRoot().snapshot(null, null));
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path dir = Path.of(System.getProperty("tokentray.basedir", "."), "target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        try {
            ImageIO.write(out, "png", file.toFile());
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file, e);
        }
        return file;
    }
}
