package dev.tokentray.tray.ui;

import dev.tokentray.testing.FederationEndpoint;
import dev.tokentray.testing.Fx;
import dev.tokentray.testing.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.api.FxRobot;

/**
 * The set-up the window and dialog tests share, for the tests of one class. Register it with
 * {@code @RegisterExtension static TrayUi ui = new TrayUi();}: it starts a moto of its own and
 * headless JavaFX before the class, builds a fresh {@link TrayUiWorld} in a temporary directory
 * of its own before every test, and after every test closes the windows the test left open, the
 * world, and deletes the directory. {@link #windowsOnly()} is the same without moto and world,
 * for a class that builds its views itself; {@link #withConsole} adds a federation endpoint of
 * each test's own, for "Open console".
 *
 * <p>JUnit runs the class's own {@code @BeforeEach} after this one's (so it may change the world
 * before the test) and its own {@code @AfterEach} before this one's; a class whose clean-up must
 * come after the windows and the world are closed calls {@link #closeWindowsAndWorld()} first.
 */
public final class TrayUi implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final MotoServer moto;
    /** The browser each test's engine starts, made in the test's directory; null: no federation endpoint. */
    private final Browser browser;
    private final FxRobot robot = new FxRobot();
    private Path dir;
    private TrayUiWorld world;
    private FederationEndpoint federation;

    /** Headless JavaFX, a moto of its own and a fresh world for each test. */
    public TrayUi() {
        this(new MotoServer(), null);
    }

    private TrayUi(MotoServer moto, Browser browser) {
        this.moto = moto;
        this.browser = browser;
    }

    /** Headless JavaFX only: no moto, no world; the windows a test left open are still closed after it. */
    public static TrayUi windowsOnly() {
        return new TrayUi(null, null);
    }

    /**
     * As {@link #TrayUi()}, and each test's engine signs in to the AWS console at a
     * {@link FederationEndpoint} of the test's own and opens the link with {@code browser}.
     */
    public static TrayUi withConsole(Browser browser) {
        return new TrayUi(new MotoServer(), browser);
    }

    /** The program BROWSER names, for a test whose directory is {@code dir}. */
    @FunctionalInterface
    public interface Browser {
        Path in(Path dir) throws IOException;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (moto != null) {
            moto.start();
        }
        Fx.startHeadless();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (moto != null) {
            dir = Files.createTempDirectory("tray-ui");
            if (browser == null) {
                world = new TrayUiWorld(moto, dir);
            } else {
                federation = new FederationEndpoint();
                world = new TrayUiWorld(moto, dir, Map.of("TOKENTRAY_FEDERATION_ENDPOINT", federation.uri(),
                        "BROWSER", browser.in(dir).toString()));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            closeWindowsAndWorld();
        } finally {
            if (dir != null) {
                deleteTree(dir);
                dir = null;
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (moto != null) {
            moto.stop();
        }
    }

    /**
     * Closes every tokentray window, the world and the federation endpoint now; after each test
     * this extension does so itself, and a second call does nothing more.
     */
    public void closeWindowsAndWorld() throws Exception {
        try {
            Fx.closeAll();
        } finally {
            try {
                if (world != null) {
                    world.close();
                    world = null;
                }
            } finally {
                if (federation != null) {
                    // Throws what the endpoint refused that the test did not expect.
                    FederationEndpoint closing = federation;
                    federation = null;
                    closing.close();
                }
            }
        }
    }

    /** This test's world: moto behind the MFA-checking proxy, a vault with alice's keys, the tray's views. */
    public TrayUiWorld world() {
        if (world == null) {
            throw new IllegalStateException(moto == null ? "TrayUi.windowsOnly() makes no world"
                    : "the world exists only during a test");
        }
        return world;
    }

    /** Where this test's "Open console" signs in (with {@link #withConsole} only). */
    public FederationEndpoint federation() {
        if (federation == null) {
            throw new IllegalStateException("only TrayUi.withConsole(…) starts a federation endpoint, during a test");
        }
        return federation;
    }

    /**
     * Opens the profiles window as the tray's menu does and waits until it lists {@code rows}
     * profiles (or 10 s have passed: the test's own assertions say what is missing).
     */
    WindowLookups openProfiles(int rows) throws Exception {
        Fx.run(world().views::showProfiles);
        Stage stage = Fx.awaitStage("tokentray");
        WindowLookups window = new WindowLookups(robot, stage);
        window.awaitRows(rows);
        return window;
    }

    /** The class's moto server (the one the worlds are built on). */
    public MotoServer moto() {
        if (moto == null) {
            throw new IllegalStateException("TrayUi.windowsOnly() starts no moto");
        }
        return moto;
    }

    /** A TestFX robot over the headless screen. */
    public FxRobot robot() {
        return robot;
    }

    private static void deleteTree(Path root) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the test's directory " + root, e);
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the test's directory " + root, e);
            }
        }
    }
}
