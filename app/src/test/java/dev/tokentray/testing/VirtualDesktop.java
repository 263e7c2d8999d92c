package dev.tokentray.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real X display (Xvfb) with an XEmbed system tray (trayer) on it, for tray tests; screenshots
 * go to target/screenshots so a reviewer can look.
 */
public final class VirtualDesktop implements BeforeAllCallback, AfterAllCallback {
    private final boolean withTray;
    private ManagedProcess xvfb;
    private ManagedProcess trayer;
    private String display;

    /** An X display with trayer's XEmbed tray on it. */
    public VirtualDesktop() {
        this(true);
    }

    /** @param withTray false for a desktop with no tray host, where AWT's SystemTray is unsupported */
    public VirtualDesktop(boolean withTray) {
        this.withTray = withTray;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String xvfbPath = Peers.require("Xvfb", "apt-get install xvfb").toString();
        String trayerPath = Peers.require("trayer", "apt-get install trayer").toString();
        Peers.require("xwininfo", "apt-get install x11-utils");
        Peers.require("xdotool", "apt-get install xdotool");
        Peers.require("import", "apt-get install imagemagick");
        startXvfb(xvfbPath);
        if (!withTray) {
            return;
        }
        // trayer, like any X client, can find the new server unreachable for a moment (seen once in
        // a few hundred starts: "cannot open display"); a trayer that died before its panel showed is
        // started again rather than failing the test class.
        for (int attempt = 1; ; attempt++) {
            trayer = ManagedProcess.start("trayer", List.of(trayerPath, "--edge", "top", "--align", "right",
                    "--widthtype", "pixel", "--width", "240", "--heighttype", "pixel", "--height", "32",
                    "--transparent", "false", "--tint", "0x333333", "--SetDockType", "true"), env(), null);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (trayer.process().isAlive() && Instant.now().isBefore(deadline) && !hasWindow("\"panel\"")) {
                FreePort.sleep(100);
            }
            if (hasWindow("\"panel\"")) {
                return;
            }
            if (attempt == 3 || trayer.process().isAlive()) {
                throw new AssertionError("trayer shows no panel on " + display + ": " + trayer.logText());
            }
            trayer.close();
        }
    }

    /** Starts Xvfb and waits until it answers: a fresh server is started if one never does. */
    private void startXvfb(String xvfbPath) {
        for (int attempt = 1; ; attempt++) {
            xvfb = ManagedProcess.start("xvfb", List.of(xvfbPath, "-displayfd", "1", "-screen", "0", "1024x768x24",
                    "-nolisten", "tcp"), Map.of(), null);
            display = ":" + awaitLine(xvfb, Pattern.compile("^(\\d+)$"));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
                if (TestHome.process(List.of("xwininfo", "-root"), "", env()).exit() == 0) {
                    return;
                }
                FreePort.sleep(100);
            }
            if (attempt == 3) {
                throw new AssertionError("Xvfb on " + display + " accepts no client: " + xvfb.logText());
            }
            xvfb.close();
        }
    }

    /** Whether xwininfo lists a window whose line holds {@code text}. */
    public boolean hasWindow(String text) {
        return TestHome.process(List.of("xwininfo", "-root", "-tree"), "", env()).out().contains(text);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (trayer != null) {
            trayer.close();
        }
        if (xvfb != null) {
            xvfb.close();
        }
    }

    /** Ends the X server under its clients, as a logout does (the tray host goes with it). */
    public void stopXServer() {
        xvfb.close();
    }

    public Map<String, String> env() {
        return Map.of("DISPLAY", display, "NO_AT_BRIDGE", "1", "LANG", "C.UTF-8");
    }

    /** Waits for a window whose xwininfo line contains {@code text}; returns that line. */
    public String awaitWindow(String text, Duration timeout) {
        return awaitWindow(text, 1, 1, timeout);
    }

    /**
     * Waits for a window whose xwininfo line contains {@code text} and that is at least
     * {@code minWidth} x {@code minHeight}: toolkits create a window at 1x1 and size it later.
     */
    public String awaitWindow(String text, int minWidth, int minHeight, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String tree = "";
        while (Instant.now().isBefore(deadline)) {
            tree = TestHome.process(List.of("xwininfo", "-root", "-tree"), "", env()).out();
            for (String line : tree.split("\n")) {
                if (line.contains(text) && (minWidth <= 1 && minHeight <= 1
                        || box(line)[2] >= minWidth && box(line)[3] >= minHeight)) {
                    return line;
                }
            }
            FreePort.sleep(200);
        }
        throw new AssertionError("no window with " + text + " on " + display + ":\n" + tree);
    }

    /**
     * Waits until a window matching {@code text} (at least {@code minWidth} x {@code minHeight}) is
     * really drawn where it is: a screenshot saved as {@code shotName} shows more than half of its box
     * lit. Toolkits map, size, move and paint a window in separate steps (AWT's tray bubble has been
     * seen full-sized at +0+0 before it moved by the icon), so one look can catch it mid-way.
     * Returns the window's xwininfo line; the last screenshot stays in target/screenshots.
     */
    public String awaitDrawnWindow(String text, int minWidth, int minHeight, String shotName, Duration timeout)
            throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        String window;
        Path shot;
        do {
            window = awaitWindow(text, minWidth, minHeight, Duration.between(Instant.now(), deadline));
            shot = screenshot(shotName);
            String settled = awaitWindow(text, minWidth, minHeight, Duration.ofSeconds(1));
            if (settled.equals(window) && litShare(shot, box(window)) > 0.5) {
                return window;
            }
            FreePort.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the window " + window + " is not drawn in " + shot);
    }

    /** The absolute centre of the window on an xwininfo line ("WxH+x+y  +absX+absY"). */
    public static int[] centre(String xwininfoLine) {
        int[] box = box(xwininfoLine);
        return new int[] {box[0] + box[2] / 2, box[1] + box[3] / 2};
    }

    /** The window on an xwininfo line as absolute x, y, width, height. */
    public static int[] box(String xwininfoLine) {
        Matcher m = Pattern.compile("(\\d+)x(\\d+)\\+-?\\d+\\+-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)").matcher(xwininfoLine);
        if (!m.find()) {
            throw new AssertionError("no geometry in: " + xwininfoLine);
        }
        return new int[] {Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2))};
    }

    /**
     * The share of pixels in {@code box} (x, y, width, height) of a screenshot that are not the black
     * of Xvfb's bare root window: how much of a window was really drawn.
     */
    public static double litShare(Path screenshot, int[] box) throws IOException {
        BufferedImage image = ImageIO.read(screenshot.toFile());
        int lit = 0;
        int all = 0;
        for (int x = Math.max(0, box[0]); x < Math.min(image.getWidth(), box[0] + box[2]); x++) {
            for (int y = Math.max(0, box[1]); y < Math.min(image.getHeight(), box[1] + box[3]); y++) {
                all++;
                lit += (image.getRGB(x, y) & 0xFFFFFF) != 0 ? 1 : 0;
            }
        }
        return all == 0 ? 0 : (double) lit / all;
    }

    /** A question asked of one pixel of a screenshot. */
    public interface PixelTest {
        boolean holds(int x, int y);
    }

    /**
     * The smallest box (x, y, width, height) holding every pixel of {@code image} inside {@code box}
     * for which {@code test} holds, or null when there is none.
     */
    public static int[] boxWhere(BufferedImage image, int[] box, PixelTest test) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int x = Math.max(0, box[0]); x < Math.min(image.getWidth(), box[0] + box[2]); x++) {
            for (int y = Math.max(0, box[1]); y < Math.min(image.getHeight(), box[1] + box[3]); y++) {
                if (test.holds(x, y)) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[] {minX, minY, maxX - minX + 1, maxY - minY + 1};
    }

    /** Where two screenshots of the same screen differ inside {@code box} (see {@link #boxWhere}): what moved. */
    public static int[] changedBox(BufferedImage before, BufferedImage after, int[] box) {
        return boxWhere(before, box, (x, y) -> (before.getRGB(x, y) & 0xFFFFFF) != (after.getRGB(x, y) & 0xFFFFFF));
    }

    /** The absolute top-left corner of the window on an xwininfo line. */
    public static int[] origin(String xwininfoLine) {
        Matcher m = Pattern.compile("\\d+x\\d+\\+-?\\d+\\+-?\\d+\\s+\\+(-?\\d+)\\+(-?\\d+)").matcher(xwininfoLine);
        if (!m.find()) {
            throw new AssertionError("no geometry in: " + xwininfoLine);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /** Types {@code text} through XTEST into whatever has the keyboard focus. */
    public void type(String text) {
        TestHome.process(List.of("xdotool", "type", "--delay", "30", text), "", env());
    }

    /** Presses a key by its X name (Return, Tab, Escape). */
    public void key(String name) {
        TestHome.process(List.of("xdotool", "key", name), "", env());
    }

    public void click(int x, int y, int button) {
        TestHome.process(List.of("xdotool", "mousemove", Integer.toString(x), Integer.toString(y), "click",
                Integer.toString(button)), "", env());
    }

    /** Saves the whole screen as target/screenshots/NAME.png and returns the path. */
    /**
     * Takes screenshots named {@code shotName} until the window {@code xwininfoLine} shows text
     * (dark pixels on its light face: a window is mapped before it is painted), up to 15 s.
     */
    public void awaitText(String xwininfoLine, String shotName) throws Exception {
        int[] box = box(xwininfoLine);
        Path shot = null;
        int dark = 0;
        Instant until = Instant.now().plusSeconds(15);
        while (dark < 200 && Instant.now().isBefore(until)) {
            shot = screenshot(shotName);
            dark = darkPixels(ImageIO.read(shot.toFile()), box);
            Thread.sleep(dark < 200 ? 300 : 0);
        }
        if (dark < 200) {
            throw new AssertionError("the window " + xwininfoLine + " shows no text in " + shot + " (" + dark + " dark pixels)");
        }
    }

    /** How many pixels in {@code box} are dark but not black (text and strokes, not the empty root window). */
    public static int darkPixels(BufferedImage image, int[] box) {
        int count = 0;
        for (int x = Math.max(0, box[0]); x < Math.min(image.getWidth(), box[0] + box[2]); x++) {
            for (int y = Math.max(0, box[1]); y < Math.min(image.getHeight(), box[1] + box[3]); y++) {
                int rgb = image.getRGB(x, y);
                int luma = ((rgb >> 16 & 0xff) * 3 + (rgb >> 8 & 0xff) * 6 + (rgb & 0xff)) / 10;
                count += luma < 128 && luma > 10 ? 1 : 0;
            }
        }
        return count;
    }

    public Path screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("tokentray.basedir", "."), "target", "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        TestHome.Run run = TestHome.process(List.of("import", "-window", "root", file.toString()), "", env());
        if (run.exit() != 0) {
            throw new AssertionError("screenshot failed: " + run.err());
        }
        return file;
    }

    private static String awaitLine(ManagedProcess process, Pattern pattern) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            for (String line : process.logText().split("\n")) {
                Matcher m = pattern.matcher(line.strip());
                if (m.matches()) {
                    return m.group(1);
                }
            }
            FreePort.sleep(50);
        }
        throw new AssertionError("Xvfb did not report its display: " + process.logText());
    }
}
