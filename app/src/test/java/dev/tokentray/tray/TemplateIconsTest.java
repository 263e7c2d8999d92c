package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.tray.TrayIcons.State;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The macOS menu-bar renditions: template images, of which macOS keeps only the alpha channel and
 * tints it for a light or a dark bar. So they must be black (a colour would be dropped, and a white
 * mark would become ink), and the four states must differ in their alpha masks alone.
 */
class TemplateIconsTest {
    /** The rendered sizes, and others a menu bar may ask for (scaled from the renditions). */
    private static final int[] SIZES = IntStream.concat(TrayIcons.SIZES.stream().mapToInt(Integer::intValue),
            IntStream.of(12, 18, 20, 28, 44, 64)).toArray();

    @Test
    void everyTemplateRenditionIsBlackWithItsShapeInTheAlphaAlone() {
        for (State state : State.values()) {
            for (int size : SIZES) {
                BufferedImage image = TrayIcons.template(state, size);
                String where = state + " " + size + " px";
                assertEquals(size, image.getWidth(), where);
                assertEquals(size, image.getHeight(), where);
                int inked = 0;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int argb = image.getRGB(x, y);
                        if ((argb & 0xFFFFFF) != 0) {
                            throw new AssertionError(String.format("%s: pixel %d,%d is %08x, not black", where, x, y, argb));
                        }
                        inked += (argb >>> 24) > 64 ? 1 : 0;
                    }
                }
                assertTrue(inked > size * size / 8, where + ": only " + inked + " inked pixels");
            }
        }
    }

    @Test
    void everyTwoStatesDifferInTheirAlphaMasks() {
        for (int size : SIZES) {
            for (State a : State.values()) {
                for (State b : State.values()) {
                    if (a.ordinal() < b.ordinal()) {
                        int differing = differingPixels(TrayIcons.template(a, size), TrayIcons.template(b, size));
                        assertTrue(differing >= 3, a + " and " + b + " at " + size + " px differ in " + differing
                                + " pixels (by over a third of full alpha): told apart by colour only");
                    }
                }
            }
        }
    }

    /** What tells each state in the template, since the badge's colour is gone. */
    @Test
    void theShapesThatTellTheStates() {
        for (int size : TrayIcons.SIZES) {
            String where = size + " px";
            // The badge's top-right quarter: filled in LIVE, gone in EXPIRING (a timer running out).
            int qx = size * 21 / 24;
            int qy = size * 3 / 24;
            assertTrue(alpha(TrayIcons.template(State.LIVE, size), qx, qy) > 200, "LIVE's full dot, " + where);
            assertTrue(alpha(TrayIcons.template(State.EXPIRING, size), qx, qy) < 20, "EXPIRING's missing quarter, " + where);
            // The exclamation mark's stem is a hole through ERROR's badge (white would be ink in a template).
            int sx = size * 19 / 24;
            int sy = size * 4 / 24;
            assertTrue(alpha(TrayIcons.template(State.ERROR, size), sx, sy) < 128, "ERROR's mark cut out, " + where
                    + ": alpha " + alpha(TrayIcons.template(State.ERROR, size), sx, sy));
            assertTrue(alpha(TrayIcons.template(State.LIVE, size), sx, sy) > 200, "LIVE's plain dot, " + where);
            // No badge while all is locked, and a fainter key.
            assertTrue(maxAlpha(TrayIcons.template(State.LOCKED, size), size * 15 / 24, 0, size, size * 9 / 24) < 40,
                    "LOCKED has no badge, " + where);
            assertTrue(maxAlpha(TrayIcons.template(State.LOCKED, size), 0, 0, size, size) < 170, "LOCKED's key is faint, " + where);
            assertEquals(255, maxAlpha(TrayIcons.template(State.LIVE, size), 0, size / 2, size / 2, size), "LIVE's key is solid, " + where);
        }
    }

    /** A menu bar as macOS draws a template image on it: its own tint, weighted by the image's alpha. */
    private record Bar(String name, Color background, Color tint) {
    }

    /**
     * The template renditions as a light and a dark menu bar show them (at 16, 22 and 24 px, then
     * 22 px blown up four times), for a reviewer: what a Mac shows can only be seen on a Mac, but the
     * tint is all macOS adds. Each written file is read back and each cell checked, pixel by pixel,
     * against the tint blended over the bar by the rendition's alpha.
     */
    @Test
    void screenshotsOfTheTemplatesOnALightAndADarkMenuBar() throws Exception {
        for (Bar bar : List.of(new Bar("light", new Color(0xf2f2f2), new Color(0x1d1d1f)),
                new Bar("dark", new Color(0x262626), new Color(0xf5f5f7)))) {
            int rowHeight = 104;
            int width = 170 + 3 * 40 + 88 + 16;
            BufferedImage shot = new BufferedImage(width, rowHeight * State.values().length, BufferedImage.TYPE_INT_RGB);
            List<int[]> cells = new ArrayList<>(); // x, y, size, scale, state
            Graphics2D g = shot.createGraphics();
            g.setColor(bar.background());
            g.fillRect(0, 0, shot.getWidth(), shot.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(bar.tint());
            for (State state : State.values()) {
                int y = state.ordinal() * rowHeight;
                g.drawString(state + " (" + bar.name() + " bar)", 8, y + rowHeight / 2 + 5);
                int x = 170;
                for (int size : new int[] {16, 22, 24}) {
                    cells.add(new int[] {x, y + (rowHeight - size) / 2, size, 1, state.ordinal()});
                    x += 40;
                }
                cells.add(new int[] {x, y + (rowHeight - 88) / 2, 22, 4, state.ordinal()});
            }
            g.dispose();
            for (int[] cell : cells) {
                BufferedImage template = TrayIcons.template(State.values()[cell[4]], cell[2]);
                for (int dy = 0; dy < cell[2] * cell[3]; dy++) {
                    for (int dx = 0; dx < cell[2] * cell[3]; dx++) {
                        shot.setRGB(cell[0] + dx, cell[1] + dy, tinted(bar, alpha(template, dx / cell[3], dy / cell[3])));
                    }
                }
            }
            Path out = Path.of(System.getProperty("tokentray.basedir", "."), "target", "screenshots",
                    "issue16-macos-template-" + bar.name() + ".png");
            Files.createDirectories(out.getParent());
            assertTrue(ImageIO.write(shot, "png", out.toFile()));

            BufferedImage written = ImageIO.read(out.toFile());
            for (int[] cell : cells) {
                State state = State.values()[cell[4]];
                BufferedImage template = TrayIcons.template(state, cell[2]);
                int inked = 0;
                for (int dy = 0; dy < cell[2] * cell[3]; dy++) {
                    for (int dx = 0; dx < cell[2] * cell[3]; dx++) {
                        int alpha = alpha(template, dx / cell[3], dy / cell[3]);
                        int actual = written.getRGB(cell[0] + dx, cell[1] + dy) & 0xFFFFFF;
                        assertEquals(tinted(bar, alpha) & 0xFFFFFF, actual, out + ": " + state + " " + cell[2] + " px at "
                                + (cell[0] + dx) + "," + (cell[1] + dy));
                        inked += alpha > 64 ? 1 : 0;
                    }
                }
                assertTrue(inked > cell[2] * cell[3] * cell[2] * cell[3] / 8, out + ": " + state + " shows on the bar");
            }
        }
    }

    private static int tinted(Bar bar, int alpha) {
        int[] tint = {bar.tint().getRed(), bar.tint().getGreen(), bar.tint().getBlue()};
        int[] background = {bar.background().getRed(), bar.background().getGreen(), bar.background().getBlue()};
        int rgb = 0;
        for (int i = 0; i < 3; i++) {
            rgb = rgb << 8 | Math.round((tint[i] * alpha + background[i] * (255 - alpha)) / 255f);
        }
        return rgb;
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int count = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                count += Math.abs(alpha(a, x, y) - alpha(b, x, y)) > 85 ? 1 : 0;
            }
        }
        return count;
    }

    private static int maxAlpha(BufferedImage image, int x0, int y0, int x1, int y1) {
        int max = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                max = Math.max(max, alpha(image, x, y));
            }
        }
        return max;
    }

    private static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }
}
