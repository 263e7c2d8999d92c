package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.tray.TrayIcons.State;
import dev.tokentray.tray.TrayIcons.Variant;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** What a person sees in the tray: each state and variant at each size, told apart at a glance. */
class TrayIconsTest {
    private static final Color DARK_PANEL = new Color(0x2b2b2b);
    private static final Color LIGHT_PANEL = new Color(0xededed);

    @Test
    void everyStateVariantAndSizeLoadsAtItsSize() {
        for (State state : State.values()) {
            for (Variant variant : Variant.values()) {
                for (int size : TrayIcons.SIZES) {
                    BufferedImage image = TrayIcons.image(state, variant, size);
                    assertEquals(size, image.getWidth(), state + " " + variant + " " + size);
                    assertEquals(size, image.getHeight(), state + " " + variant + " " + size);
                    double inked = inkedShare(image);
                    assertTrue(inked > 0.15 && inked < 0.7, state + " " + variant + " " + size + " covers " + inked);
                }
            }
        }
    }

    @Test
    void theBadgeColourTellsTheState() {
        for (Variant variant : Variant.values()) {
            for (int size : TrayIcons.SIZES) {
                String where = variant + " " + size + " px";
                assertEquals(0, colouredPixels(TrayIcons.image(State.LOCKED, variant, size)), "LOCKED is grey, " + where);
                assertHue(TrayIcons.image(State.LIVE, variant, size), 100, 160, "LIVE green, " + where);
                assertHue(TrayIcons.image(State.EXPIRING, variant, size), 30, 50, "EXPIRING amber, " + where);
                assertHue(TrayIcons.image(State.ERROR, variant, size), -15, 10, "ERROR red, " + where);
            }
        }
    }

    /** Colour is not all: someone who cannot tell green from amber or red still sees the shape. */
    @Test
    void theBadgeShapeTellsTheStateToo() {
        for (Variant variant : Variant.values()) {
            for (int size : TrayIcons.SIZES) {
                String where = variant + " " + size + " px";
                // The top right quarter of the badge: filled in LIVE, gone in EXPIRING (a timer running out).
                int qx = size * 21 / 24;
                int qy = size * 3 / 24;
                assertTrue(alpha(TrayIcons.image(State.LIVE, variant, size), qx, qy) > 200, "LIVE's full dot, " + where);
                assertEquals(0, alpha(TrayIcons.image(State.EXPIRING, variant, size), qx, qy), "EXPIRING's missing quarter, " + where);
                // ERROR carries a white mark in its badge; LIVE's dot is plain.
                assertTrue(whiteInBadge(TrayIcons.image(State.ERROR, variant, size)) > 0, "ERROR's exclamation mark, " + where);
                assertEquals(0, whiteInBadge(TrayIcons.image(State.LIVE, variant, size)), "LIVE's plain dot, " + where);
            }
        }
    }

    @Test
    void lightStrokesForDarkPanelsAndDarkStrokesForLightOnes() {
        for (State state : State.values()) {
            for (int size : TrayIcons.SIZES) {
                double light = keyLuminance(TrayIcons.image(state, Variant.LIGHT, size));
                double dark = keyLuminance(TrayIcons.image(state, Variant.DARK, size));
                String where = state + " " + size + " px: light " + light + ", dark " + dark;
                assertTrue(light - dark > 0.2, where);
                assertTrue(contrast(light, DARK_PANEL) >= 3, "LIGHT on a dark panel, " + where);
                assertTrue(contrast(dark, LIGHT_PANEL) >= 3, "DARK on a light panel, " + where);
            }
        }
    }

    @Test
    void otherSizesAreScaledFromTheRenditions() {
        for (int size : new int[] {12, 20, 28, 64}) {
            BufferedImage image = TrayIcons.image(State.LIVE, Variant.DARK, size);
            assertEquals(size, image.getWidth());
            assertEquals(size, image.getHeight());
            assertHue(image, 100, 160, "LIVE green at " + size + " px");
        }
        assertSame(TrayIcons.image(State.ERROR, Variant.LIGHT, 24), TrayIcons.image(State.ERROR, Variant.LIGHT, 24),
                "read once, then kept");
        assertSame(TrayIcons.image(State.LIVE, Variant.forDesktop(), 22), TrayIcons.draw(State.LIVE, 22));
    }

    @Test
    void theAppIconIsOnTheClasspathForWindows() throws Exception {
        List<URL> urls = TrayIcons.appIconUrls();
        assertEquals(TrayIcons.APP_SIZES.size(), urls.size());
        for (int i = 0; i < urls.size(); i++) {
            int size = TrayIcons.APP_SIZES.get(i);
            try (InputStream in = urls.get(i).openStream()) {
                BufferedImage png = ImageIO.read(in);
                assertNotNull(png, urls.get(i).toString());
                assertEquals(size, png.getWidth());
                assertEquals(size, png.getHeight());
            }
            assertEquals(size, TrayIcons.appIcon(size).getWidth());
            // The dark tile fills the middle, the light key crosses it.
            Color middle = new Color(TrayIcons.appIcon(size).getRGB(size / 8, size / 2), true);
            assertEquals(255, middle.getAlpha(), "opaque tile at " + size);
        }
        assertEquals(48, TrayIcons.appIcon(48).getWidth());
    }

    /** Where the contact sheet puts one rendition: its top-left corner, how many times it is blown up, its background. */
    private record Cell(String what, BufferedImage image, int x, int y, int scale, Color background) {
    }

    /**
     * Every rendition on the panel it is meant for, at its own size and blown up (16 px three
     * times, 24 px twice, pixels kept square), then the app icon: for a reviewer to look at. The
     * sheet is read back from disk and each cell compared, pixel by pixel, with its rendition laid
     * over the panel's colour (alpha blended here, not by Java2D), so a sheet that lost, swapped or
     * smeared a rendition fails.
     */
    @Test
    void contactSheetShowsEveryRenditionOnItsPanel() throws Exception {
        int rowHeight = 64;
        int labelWidth = 150;
        int width = labelWidth + TrayIcons.SIZES.stream().mapToInt(s -> s + 16).sum() + 2 * 64 + 16;
        int trayRows = Variant.values().length * State.values().length;
        BufferedImage sheet = new BufferedImage(width, trayRows * rowHeight + 144, BufferedImage.TYPE_INT_RGB);
        List<Cell> cells = new ArrayList<>();
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // Blown-up renditions keep square pixels: each source pixel becomes a block of one colour.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = 0;
        for (Variant variant : Variant.values()) {
            Color panel = variant == Variant.LIGHT ? DARK_PANEL : LIGHT_PANEL;
            for (State state : State.values()) {
                g.setColor(panel);
                g.fillRect(0, y, width, rowHeight);
                g.setColor(variant == Variant.LIGHT ? Color.WHITE : Color.BLACK);
                g.drawString(state + " " + variant, 8, y + rowHeight / 2 + 5);
                int x = labelWidth;
                for (int size : TrayIcons.SIZES) {
                    BufferedImage icon = TrayIcons.image(state, variant, size);
                    g.drawImage(icon, x, y + (rowHeight - size) / 2, null);
                    cells.add(new Cell(state + " " + variant + " " + size + " px", icon, x, y + (rowHeight - size) / 2, 1, panel));
                    x += size + 16;
                }
                for (int size : new int[] {16, 24}) {
                    BufferedImage icon = TrayIcons.image(state, variant, size);
                    g.drawImage(icon, x, y + 8, 48, 48, null);
                    cells.add(new Cell(state + " " + variant + " " + size + " px blown up", icon, x, y + 8, 48 / size, panel));
                    x += 64;
                }
                y += rowHeight;
            }
        }
        Color grey = new Color(0x8c8c8c);
        g.setColor(grey);
        g.fillRect(0, y, width, 144);
        g.setColor(Color.BLACK);
        g.drawString("app icon", 8, y + 72);
        int x = labelWidth;
        for (int size : new int[] {16, 32, 64, 128}) {
            g.drawImage(TrayIcons.appIcon(size), x, y + (144 - size) / 2, null);
            cells.add(new Cell("app icon " + size + " px", TrayIcons.appIcon(size), x, y + (144 - size) / 2, 1, grey));
            x += size + 16;
        }
        g.dispose();
        Path out = Path.of(System.getProperty("tokentray.basedir", "."), "target", "screenshots", "tray-icons.png");
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(sheet, "png", out.toFile()));

        BufferedImage written = ImageIO.read(out.toFile());
        assertEquals(sheet.getWidth(), written.getWidth(), out.toString());
        assertEquals(sheet.getHeight(), written.getHeight(), out.toString());
        assertEquals(Variant.values().length * State.values().length * (TrayIcons.SIZES.size() + 2) + 4, cells.size());
        for (Cell cell : cells) {
            assertCellShows(written, cell, out);
        }
    }

    /** Each pixel of the cell is the rendition's pixel (its block, when blown up) over the background, give or take 2 per channel. */
    private static void assertCellShows(BufferedImage sheet, Cell cell, Path file) {
        int size = cell.image().getWidth() * cell.scale();
        int inked = 0;
        for (int dy = 0; dy < size; dy++) {
            for (int dx = 0; dx < size; dx++) {
                int source = cell.image().getRGB(dx / cell.scale(), dy / cell.scale());
                int expected = over(source, cell.background());
                int actual = sheet.getRGB(cell.x() + dx, cell.y() + dy) & 0xFFFFFF;
                for (int shift = 0; shift < 24; shift += 8) {
                    if (Math.abs((expected >> shift & 0xff) - (actual >> shift & 0xff)) > 2) {
                        throw new AssertionError(String.format("%s: the sheet %s has %06x at %d,%d where the rendition"
                                + " over its panel is %06x", cell.what(), file, actual, cell.x() + dx, cell.y() + dy, expected));
                    }
                }
                inked += expected != (cell.background().getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        assertTrue(inked > size * size / 10, cell.what() + ": the rendition shows on its panel (" + inked + " pixels)");
    }

    /** {@code argb} blended over an opaque {@code background}, as RGB. */
    private static int over(int argb, Color background) {
        int alpha = argb >>> 24;
        int[] bg = {background.getBlue(), background.getGreen(), background.getRed()};
        int rgb = 0;
        for (int i = 0; i < 3; i++) {
            int channel = argb >> (8 * i) & 0xff;
            rgb |= Math.round((channel * alpha + bg[i] * (255 - alpha)) / 255f) << (8 * i);
        }
        return rgb;
    }

    // --- what the pixels say

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }

    private static double inkedShare(BufferedImage image) {
        int inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (alpha(image, x, y) > 128) {
                    inked++;
                }
            }
        }
        return (double) inked / (image.getWidth() * image.getHeight());
    }

    /** Opaque pixels with a clear hue (saturation over 0.4): the badge, never the mono key. */
    private static int colouredPixels(BufferedImage image) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (alpha(image, x, y) > 200 && hsb(image.getRGB(x, y))[1] > 0.4f) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void assertHue(BufferedImage image, int lowDegrees, int highDegrees, String what) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                float[] hsb = hsb(image.getRGB(x, y));
                if (alpha(image, x, y) > 200 && hsb[1] > 0.4f) {
                    int degrees = Math.round(hsb[0] * 360);
                    if (degrees > 180 && lowDegrees < 0) {
                        degrees -= 360;
                    }
                    assertTrue(degrees >= lowDegrees && degrees <= highDegrees,
                            what + ": a pixel of hue " + degrees + " at " + x + "," + y);
                    count++;
                }
            }
        }
        int badge = image.getWidth() * image.getWidth() / 24;
        assertTrue(count >= badge, what + ": only " + count + " coloured pixels, want " + badge);
    }

    private static int whiteInBadge(BufferedImage image) {
        int size = image.getWidth();
        int count = 0;
        for (int y = 0; y < size * 10 / 24; y++) {
            for (int x = size * 14 / 24; x < size; x++) {
                int rgb = image.getRGB(x, y);
                if (alpha(image, x, y) > 200 && hsb(rgb)[1] < 0.35f && hsb(rgb)[2] > 0.85f) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Mean relative luminance of the key's solid pixels (the lower half, left of the badge). */
    private static double keyLuminance(BufferedImage image) {
        int size = image.getWidth();
        double sum = 0;
        int count = 0;
        for (int y = size / 2; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (alpha(image, x, y) > 230) {
                    sum += luminance(new Color(image.getRGB(x, y)));
                    count++;
                }
            }
        }
        assertTrue(count > 0, "no solid key pixels at " + size);
        return sum / count;
    }

    private static double contrast(double luminance, Color panel) {
        double other = luminance(panel);
        return (Math.max(luminance, other) + 0.05) / (Math.min(luminance, other) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static float[] hsb(int argb) {
        return Color.RGBtoHSB((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff, null);
    }
}
