package dev.tokentray.tray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tokentray.testing.Peers;
import dev.tokentray.testing.Project;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed renditions are what icons/render makes from the SVGs today: edit an SVG and forget
 * to run the script, and this fails. Pixels are compared, not bytes, so another zlib still passes.
 */
class IconRenditionsTest {
    private static final String RESOURCES = "app/src/main/resources/dev/tokentray/tray/icons";
    private static final String GENERATED = "icons/generated";
    /** Per channel; a change to any shape or colour moves pixels by far more. */
    private static final int TOLERANCE = 2;

    @TempDir
    static Path fresh;

    @BeforeAll
    static void renderAfresh() throws Exception {
        Peers.require("rsvg-convert", "Debian package librsvg2-bin");
        Path python = Peers.require("python3", "Debian package python3, with pillow from PyPI");
        Process render = new ProcessBuilder(python.toString(), Project.root().resolve("icons/render").toString(),
                "--out", fresh.toString()).redirectErrorStream(true).start();
        render.getOutputStream().close();
        byte[] output = render.getInputStream().readAllBytes();
        assertTrue(render.waitFor(120, TimeUnit.SECONDS), "icons/render did not finish");
        assertEquals(0, render.exitValue(), "icons/render: " + new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void theCommittedTrayAndWindowIconsMatchAFreshRender() throws Exception {
        assertSameRenditions(RESOURCES);
        // Per state: the light and dark variants and the macOS template.
        assertEquals(4 * 3 * TrayIcons.SIZES.size() + TrayIcons.APP_SIZES.size(), names(committed(RESOURCES)).size());
    }

    @Test
    void theCommittedAppIconsMatchAFreshRender() throws Exception {
        assertSameRenditions(GENERATED);
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256, 512, 1024}) {
            BufferedImage png = ImageIO.read(committed(GENERATED).resolve("tokentray-" + size + ".png").toFile());
            assertEquals(size, png.getWidth());
            assertEquals(size, png.getHeight());
        }
    }

    /** Windows reads PNG entries from an .ico; each is the SVG rendered at that size, not a scaled copy. */
    @Test
    void theIcoHoldsEachSizesOwnRendition() throws Exception {
        Map<Integer, byte[]> entries = icoEntries(committed(GENERATED).resolve("tokentray.ico"));
        assertEquals(List.of(16, 24, 32, 48, 64, 128, 256), new ArrayList<>(entries.keySet()));
        Map<Integer, byte[]> freshEntries = icoEntries(fresh.resolve(GENERATED).resolve("tokentray.ico"));
        assertEquals(entries.keySet(), freshEntries.keySet());
        for (Map.Entry<Integer, byte[]> entry : entries.entrySet()) {
            int size = entry.getKey();
            BufferedImage image = png(entry.getValue());
            assertSamePixels(committed(GENERATED).resolve("tokentray-" + size + ".png"), image, "ico " + size);
            assertSamePixels(png(freshEntries.get(size)), image, "fresh ico " + size);
        }
    }

    /** The .icns carries Retina (@2x) entries up to 1024 px, each PNG-compressed. */
    @Test
    void theIcnsHoldsEachSizesOwnRendition() throws Exception {
        Map<String, byte[]> entries = icnsEntries(committed(GENERATED).resolve("tokentray.icns"));
        Map<String, Integer> sizes = Map.of("ic07", 128, "ic08", 256, "ic09", 512, "ic10", 1024,
                "ic11", 32, "ic12", 64, "ic13", 256, "ic14", 512);
        assertEquals(new TreeSet<>(sizes.keySet()), new TreeSet<>(entries.keySet()));
        Map<String, byte[]> freshEntries = icnsEntries(fresh.resolve(GENERATED).resolve("tokentray.icns"));
        assertEquals(entries.keySet(), freshEntries.keySet());
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            int size = sizes.get(entry.getKey());
            BufferedImage image = png(entry.getValue());
            assertSamePixels(committed(GENERATED).resolve("tokentray-" + size + ".png"), image, entry.getKey());
            assertSamePixels(png(freshEntries.get(entry.getKey())), image, "fresh " + entry.getKey());
        }
    }

    private static Path committed(String folder) {
        return Project.root().resolve(folder);
    }

    private static void assertSameRenditions(String folder) throws IOException {
        Path ours = committed(folder);
        Path theirs = fresh.resolve(folder);
        assertEquals(names(theirs), names(ours),
                folder + " differs from a fresh render in its files: run icons/render and commit");
        for (String name : names(ours)) {
            if (name.endsWith(".png")) {
                assertSamePixels(ours.resolve(name), ImageIO.read(theirs.resolve(name).toFile()), folder + "/" + name);
            }
        }
    }

    private static TreeSet<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        }
    }

    private static void assertSamePixels(Path expected, BufferedImage actual, String what) throws IOException {
        assertSamePixels(ImageIO.read(expected.toFile()), actual, what);
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, String what) {
        assertNotNull(expected, what);
        assertNotNull(actual, what);
        assertArrayEquals(new int[] {expected.getWidth(), expected.getHeight()},
                new int[] {actual.getWidth(), actual.getHeight()}, what + ": size");
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int a = expected.getRGB(x, y);
                int b = actual.getRGB(x, y);
                if (a >>> 24 == 0 && b >>> 24 == 0) {
                    continue;
                }
                for (int shift = 0; shift < 32; shift += 8) {
                    int difference = Math.abs((a >>> shift & 0xff) - (b >>> shift & 0xff));
                    if (difference > TOLERANCE) {
                        throw new AssertionError(String.format(
                                "%s differs from a fresh render at %d,%d (%08x, fresh %08x): run icons/render and commit",
                                what, x, y, a, b));
                    }
                }
            }
        }
    }

    private static BufferedImage png(byte[] bytes) throws IOException {
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII), "a PNG entry");
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** ICONDIR, then one 16-byte ICONDIRENTRY per image (a width of 0 meaning 256), little-endian. */
    private static Map<Integer, byte[]> icoEntries(Path file) throws IOException {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, ico.getShort(0), "ico reserved");
        assertEquals(1, ico.getShort(2), "ico type: icon");
        int count = ico.getShort(4);
        Map<Integer, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = 6 + 16 * i;
            int width = Byte.toUnsignedInt(ico.get(at)) == 0 ? 256 : Byte.toUnsignedInt(ico.get(at));
            int length = ico.getInt(at + 8);
            int offset = ico.getInt(at + 12);
            byte[] data = new byte[length];
            ico.get(offset, data);
            entries.put(width, data);
        }
        return entries;
    }

    /** 'icns', the total length, then (type, length including this 8-byte header, data) big-endian. */
    private static Map<String, byte[]> icnsEntries(Path file) throws IOException {
        ByteBuffer icns = ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals("icns", type(icns, 0));
        assertEquals(icns.capacity(), icns.getInt(4), "icns length");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int at = 8; at < icns.capacity(); ) {
            String type = type(icns, at);
            int length = icns.getInt(at + 4);
            if (!type.equals("TOC ")) {
                byte[] data = new byte[length - 8];
                icns.get(at + 8, data);
                entries.put(type, data);
            }
            at += length;
        }
        return entries;
    }

    private static String type(ByteBuffer buffer, int at) {
        byte[] type = new byte[4];
        buffer.get(at, type);
        return new String(type, StandardCharsets.US_ASCII);
    }
}
