package dev.tokentray.tray;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The tray icon for each state and the app icon, as rendered by icons/render from the SVG sources
 * in icons/ (a key whose bow is a dial; a badge tells the state). The PNGs ship on the classpath,
 * so nothing is drawn at run time; each is read once and kept.
 */
public final class TrayIcons {
    /** What the tray icon says. */
    public enum State {
        /** Every profile is locked: a grey key, no badge. */
        LOCKED,
        /** At least one session is live: a green dot. */
        LIVE,
        /** A session expires soon: an amber timer with a quarter gone. */
        EXPIRING,
        /** Something failed: a red badge with an exclamation mark. */
        ERROR
    }

    /** Which strokes the icon has; pick the one that contrasts with the panel it sits on. */
    public enum Variant {
        /** Light strokes, for dark panels (GNOME's top bar, Windows 10's taskbar, dark mode). */
        LIGHT,
        /** Dark strokes, for light panels (macOS light mode, Windows 11's light taskbar, KDE Breeze). */
        DARK;

        /**
         * A guess at the panel's shade for this desktop, made once per JVM (it may ask the OS once,
         * never on a refresh). TOKENTRAY_TRAY_ICONS=light|dark overrides it (the rules: PanelShade, icons/README.md).
         */
        public static Variant forDesktop() {
            return Guessed.VALUE;
        }
    }

    /** The sizes rendered for each state and variant; other sizes are scaled from the next larger. */
    public static final List<Integer> SIZES = List.of(16, 22, 24, 32, 48);
    /** The sizes of the app icon on the classpath, for JavaFX windows. */
    public static final List<Integer> APP_SIZES = List.of(16, 32, 64, 128, 256);

    private static final String FOLDER = "/dev/tokentray/tray/icons/";
    private static final Map<String, BufferedImage> LOADED = new ConcurrentHashMap<>();

    private TrayIcons() {
    }

    /**
     * The icon for {@code state} as this desktop's tray should get it: the template rendition
     * where AWT hands the image to macOS as a template image (see {@link MenuBarOnly}), which
     * would drop a variant's colours anyway; else the variant guessed for this desktop.
     */
    public static BufferedImage draw(State state, int size) {
        return MenuBarOnly.templateImages() ? template(state, size) : image(state, Variant.forDesktop(), size);
    }

    /**
     * The icon for {@code state} as a macOS template image, {@code size} pixels square: black,
     * its alpha the shape (the menu bar tints it for a light or dark bar). The states differ in
     * shape alone here: no badge, a full dot, a dot with a quarter gone, a dot with an
     * exclamation mark cut out; the all-locked key is fainter. Shared: do not draw on it.
     */
    public static BufferedImage template(State state, int size) {
        return rendition("tray-" + state.name().toLowerCase(Locale.ROOT) + "-template", size);
    }

    /**
     * The icon for {@code state} and {@code variant}, {@code size} pixels square. The image is
     * shared between callers: do not draw on it.
     */
    public static BufferedImage image(State state, Variant variant, int size) {
        return rendition("tray-" + state.name().toLowerCase(Locale.ROOT) + "-"
                + variant.name().toLowerCase(Locale.ROOT), size);
    }

    /** The tray rendition {@code name} at {@code size}, read once (scaled from the next larger rendered size). */
    private static BufferedImage rendition(String name, int size) {
        return LOADED.computeIfAbsent(name + "-" + size, key -> {
            int source = nearestAtLeast(SIZES, size);
            BufferedImage rendered = read(name + "-" + source + ".png");
            return source == size ? rendered : scaled(rendered, size);
        });
    }

    /** The app icon, {@code size} pixels square (shared: do not draw on it). */
    public static BufferedImage appIcon(int size) {
        return LOADED.computeIfAbsent("app-" + size, key -> {
            int source = nearestAtLeast(APP_SIZES, size);
            BufferedImage rendered = read("app-" + source + ".png");
            return source == size ? rendered : scaled(rendered, size);
        });
    }

    /** Where the app icon of one of {@link #APP_SIZES} is, e.g. for {@code new javafx.scene.image.Image(url.toExternalForm())}. */
    public static URL appIconUrl(int size) {
        if (!APP_SIZES.contains(size)) {
            throw new IllegalArgumentException("no app icon of " + size + " px; there are " + APP_SIZES);
        }
        return resource("app-" + size + ".png");
    }

    /** Every app icon, smallest first: what a JavaFX stage's icon list wants. */
    public static List<URL> appIconUrls() {
        List<URL> urls = new ArrayList<>();
        for (int size : APP_SIZES) {
            urls.add(appIconUrl(size));
        }
        return urls;
    }

    private static int nearestAtLeast(List<Integer> sizes, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("icon size must be positive, not " + size);
        }
        for (int candidate : sizes) {
            if (candidate >= size) {
                return candidate;
            }
        }
        return sizes.get(sizes.size() - 1);
    }

    private static URL resource(String file) {
        URL url = TrayIcons.class.getResource(FOLDER + file);
        if (url == null) {
            throw new IllegalStateException("icon " + FOLDER + file + " is not on the classpath (icons/render makes it)");
        }
        return url;
    }

    private static BufferedImage read(String file) {
        try (InputStream in = resource(file).openStream()) {
            BufferedImage png = ImageIO.read(in);
            if (png == null) {
                throw new IllegalStateException("icon " + FOLDER + file + " is not a PNG");
            }
            return argb(png, png.getWidth());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read icon " + FOLDER + file, e);
        }
    }

    private static BufferedImage scaled(BufferedImage image, int size) {
        return size < image.getWidth() ? shrunk(image, size) : argb(image, size);
    }

    /**
     * Area averaging over premultiplied colour: each target pixel is the coverage-weighted mean of
     * the source pixels under it, so thin strokes fade rather than vanish and transparent pixels
     * lend no black fringe (AWT's own SCALE_AREA_AVERAGING averages straight alpha, and lazily).
     */
    private static BufferedImage shrunk(BufferedImage image, int size) {
        int from = image.getWidth();
        double step = (double) from / size;
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int ty = 0; ty < size; ty++) {
            for (int tx = 0; tx < size; tx++) {
                double a = 0;
                double r = 0;
                double g = 0;
                double b = 0;
                for (int sy = (int) (ty * step); sy < Math.min(from, Math.ceil((ty + 1) * step)); sy++) {
                    double wy = Math.min((ty + 1) * step, sy + 1) - Math.max(ty * step, sy);
                    for (int sx = (int) (tx * step); sx < Math.min(from, Math.ceil((tx + 1) * step)); sx++) {
                        double w = wy * (Math.min((tx + 1) * step, sx + 1) - Math.max(tx * step, sx));
                        int argb = image.getRGB(sx, sy);
                        double alpha = (argb >>> 24) / 255.0 * w;
                        a += alpha;
                        r += ((argb >> 16) & 0xff) * alpha;
                        g += ((argb >> 8) & 0xff) * alpha;
                        b += (argb & 0xff) * alpha;
                    }
                }
                int alpha = (int) Math.round(a / (step * step) * 255);
                out.setRGB(tx, ty, a == 0 ? 0 : alpha << 24 | (int) Math.round(r / a) << 16
                        | (int) Math.round(g / a) << 8 | (int) Math.round(b / a));
            }
        }
        return out;
    }

    private static BufferedImage argb(BufferedImage source, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(source, 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    private static final class Guessed {
        static final Variant VALUE = PanelShade.ofThisDesktop();
    }
}
