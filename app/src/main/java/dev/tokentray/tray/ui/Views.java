package dev.tokentray.tray.ui;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.KeyringBackends;
import dev.tokentray.cache.Session;
import dev.tokentray.config.ProfilePlan;
import dev.tokentray.config.RoleStep;
import dev.tokentray.core.FirstRun;
import dev.tokentray.core.SettingsFile;
import dev.tokentray.core.UnlockedState;
import dev.tokentray.tray.ProfileActions;
import dev.tokentray.tray.TrayIcons;
import dev.tokentray.tray.UnlockPrompt;
import dev.tokentray.tray.login.LoginItem;
import dev.tokentray.tray.theme.DesktopTheme;
import dev.tokentray.tray.theme.PromptTheme;
import java.io.IOException;
import java.net.URL;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Opens the tray's JavaFX windows: the profiles window, the unlock dialog (at most one per
 * profile: every caller waiting on that profile gets the same dialog's answer), settings, add
 * keys and import. Everything here runs on the FX thread except {@link #ask}, which any thread
 * may call.
 */
public final class Views implements UnlockPrompt {
    /** Every window's stylesheet; on a dark desktop the dark one goes on top of it. */
    private static final String LIGHT_SHEET = "tokentray.css";
    private static final String DARK_SHEET = "tokentray-dark.css";
    /** How long a window about to open waits for the desktop to say light or dark before it opens light. */
    private static final java.time.Duration THEME_PATIENCE = java.time.Duration.ofMillis(300);

    private final ProfileActions actions;
    private final Executor worker;
    private final Clock clock;
    private final SettingsFile settings;
    private final LoginItem loginItem;
    private final Map<String, Stage> unlockDialogs = new HashMap<>();
    private final Map<String, CompletableFuture<Session>> unlockResults = new HashMap<>();
    private final Map<String, UnlockController> unlockControllers = new HashMap<>();
    private Stage profilesStage;
    private ProfilesController profilesController;
    private FirstRunEmptyState firstRunState;
    private Stage firstRunStage;
    private String noTrayReason;
    private Runnable quit = () -> { };
    /** Where the light or dark look comes from; chosen at the first window, unless a test chose it. */
    private DesktopTheme theme;
    /** The desktop's scheme as its last change signal said; null until one came (or when the source sends none). */
    private DesktopTheme.Scheme signalledScheme;

    public Views(ProfileActions actions, Executor worker, Clock clock, SettingsFile settings, LoginItem loginItem) {
        this.actions = actions;
        this.worker = worker;
        this.clock = clock;
        this.settings = settings;
        this.loginItem = loginItem;
    }

    /** Starts the JavaFX toolkit once, with implicit exit off: closing the last window leaves the tray running. */
    public static void startToolkit() throws InterruptedException {
        // JavaFX wakes up for a pulse 60 times a second even with no window open, which alone
        // cost 0.8 % of a core in an idle tray (bench/tray); 20 pulses still draw the dialog's
        // spinner and the once-a-second countdowns smoothly. A value set by the user wins.
        if (System.getProperty("javafx.animation.pulse") == null) {
            System.setProperty("javafx.animation.pulse", "20");
        }
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        started.await();
        Platform.setImplicitExit(false);
    }

    /** With no tray host the window is the app: it says why, and closing it quits. */
    public void runWithoutTray(String reason, Runnable quitApp) {
        this.noTrayReason = reason;
        this.quit = quitApp;
    }

    /** A tray appeared after all: the window is one way in among others again, and closing it leaves the app running. */
    public void trayAppeared() {
        noTrayReason = null;
        quit = () -> { };
        if (profilesController != null) {
            profilesController.trayAppeared();
        }
    }

    @Override
    public CompletableFuture<Session> ask(String profile, boolean renew) {
        CompletableFuture<Session> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                openUnlock(profile, renew).whenComplete((s, e) -> {
                    if (e != null) {
                        answer.completeExceptionally(e);
                    } else {
                        answer.complete(s);
                    }
                });
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** The dialog for {@code profile}: the open one brought to the front, else a new one. */
    CompletableFuture<Session> openUnlock(String profile, boolean renew) {
        Stage open = unlockDialogs.get(profile);
        if (open != null) {
            open.toFront();
            open.requestFocus();
            return unlockResults.get(profile);
        }
        UnlockedState.Needs needs = actions.state().needs(profile);
        CompletableFuture<Session> result = new CompletableFuture<>();
        String secondCode = needs.mfaCode() ? actions.engine().secondCodeReason(profile) : null;
        UnlockController controller = new UnlockController(profile, needs, renew, describe(profile)
                + (secondCode == null ? "" : "\n" + secondCode), actions, worker, result);
        Stage stage = stage("unlock.fxml", controller, "Unlock " + profile + " — tokentray");
        stage.setResizable(false);
        stage.setAlwaysOnTop(true);
        stage.setOnCloseRequest(e -> controller.onCloseRequest());
        unlockDialogs.put(profile, stage);
        unlockResults.put(profile, result);
        unlockControllers.put(profile, controller);
        result.whenComplete((s, e) -> Platform.runLater(() -> {
            unlockDialogs.remove(profile);
            unlockResults.remove(profile);
            unlockControllers.remove(profile);
            stage.close();
            if (profilesController != null) {
                profilesController.reload();
            }
        }));
        stage.show();
        stage.toFront();
        return result;
    }

    /** "Touch your YubiKey" and the like, shown in the profile's unlock dialog when it is open. FX thread. */
    public void mfaNotice(String profile, String text) {
        UnlockController controller = unlockControllers.get(profile);
        if (controller != null) {
            controller.keyStatus(text);
        }
    }

    public void showProfiles() {
        if (profilesStage == null) {
            profilesController = new ProfilesController(actions, this, worker, clock, noTrayReason);
            profilesStage = stage("profiles.fxml", profilesController, "tokentray");
            fitOnScreen((BorderPane) profilesStage.getScene().getRoot());
            firstRunState = new FirstRunEmptyState(new FirstRun(actions.engine()), worker,
                    (BorderPane) profilesStage.getScene().getRoot(), this::showFirstRun);
            profilesStage.focusedProperty().addListener((o, was, focused) -> {
                if (focused) {
                    firstRunState.refresh();
                }
            });
            profilesStage.setOnShown(e -> {
                profilesController.shown();
                firstRunState.refresh();
            });
            profilesStage.setOnHidden(e -> {
                profilesController.hidden();
                if (noTrayReason != null) {
                    quit.run();
                }
            });
        }
        profilesStage.show();
        profilesStage.toFront();
    }

    /**
     * The window's preferred size, shrunk to the screen's free area (a 1024x768 screen, or a
     * HiDPI laptop at 200 %, has less room than the list and the details pane ask for): a window
     * wider than the screen would open partly off it, its edge out of reach.
     */
    private static void fitOnScreen(javafx.scene.layout.Region root) {
        javafx.geometry.Rectangle2D free = javafx.stage.Screen.getPrimary().getVisualBounds();
        root.setPrefWidth(Math.min(root.getPrefWidth(), free.getWidth() - 32));
        root.setPrefHeight(Math.min(root.getPrefHeight(), free.getHeight() - 64));
    }

    /** Opens the window on {@code profile} (a click on a tray menu line or a notification). */
    public void showProfile(String profile) {
        showProfiles();
        profilesController.select(profile);
    }

    public void showSettings() {
        CompletableFuture<String> keyringInUse = CompletableFuture.supplyAsync(
                () -> actions.engine().sessionCache().backend().id(), worker);
        stage("settings.fxml", new SettingsController(settings.current(), loginItem, settings::save, keyringInUse,
                actions.engine().env().get(KeyringBackends.VARIABLE)), "Settings — tokentray").show();
    }

    /** The first-run window (one at a time), from the empty state's buttons. */
    void showFirstRun(FirstRun.Facts facts, boolean importFirst) {
        if (firstRunStage != null && firstRunStage.isShowing()) {
            firstRunStage.toFront();
            return;
        }
        FirstRunController controller = new FirstRunController(new FirstRun(actions.engine()), actions, worker, loginItem,
                facts, importFirst, message -> profilesController.afterChange(message));
        firstRunStage = stage("first-run.fxml", controller, "Set up tokentray");
        firstRunStage.setOnCloseRequest(e -> controller.onCloseRequest());
        firstRunStage.setOnHidden(e -> {
            firstRunState.refresh();
            profilesController.reload();
        });
        firstRunStage.show();
    }

    void showAddKeys(Consumer<String> done) {
        showAddKeys(null, done);
    }

    /** Add keys with the profile's name filled in (from the row of a profile that has none), or empty. */
    void showAddKeys(String profile, Consumer<String> done) {
        Stage stage = stage("add-keys.fxml", new AddKeysController(actions, worker, done), "Add keys — tokentray");
        if (profile != null) {
            ((javafx.scene.control.TextInputControl) stage.getScene().lookup("#profile")).setText(profile);
        }
        stage.show();
    }

    void showImport(Consumer<String> done) {
        stage("import.fxml", new ImportController(actions, worker, done), "Import — tokentray").show();
    }

    /** The profiles window's first-run empty state (for tests), or null before the window opened. */
    FirstRunEmptyState firstRunState() {
        return firstRunState;
    }

    /** The open profiles window's controller (for tests), or null. */
    ProfilesController profilesController() {
        return profilesController;
    }

    private String describe(String profile) {
        try {
            ProfilePlan plan = actions.engine().resolver().resolve(profile);
            RoleStep role = plan.finalRole();
            String serial = plan.effectiveMfa().serial();
            return (role != null ? "Role " + role.roleArn() : "User keys from the " + plan.keys().kind().label())
                    + (serial != null ? "\nMFA device " + serial : "");
        } catch (TokentrayException e) {
            return e.getMessage();
        }
    }

    /** Makes the windows follow {@code source} (the OS's own source unless a test sets another). FX thread. */
    void followTheme(DesktopTheme source) {
        PromptTheme followed = new PromptTheme(source, THEME_PATIENCE);
        theme = followed;
        signalledScheme = null;
        followed.whenLate(late -> Platform.runLater(() -> {
            if (theme == followed) {
                restyleOpenWindows(late);
            }
        }));
        followed.watch(changed -> Platform.runLater(() -> {
            if (theme == followed) {
                signalledScheme = changed;
                restyleOpenWindows(changed);
            }
        }));
    }

    /** The scheme a window opening now gets: the last one signalled, else the desktop's as it is asked now. */
    private DesktopTheme.Scheme scheme() {
        if (theme == null) {
            followTheme(DesktopTheme.forThisOs(actions.engine().env()));
        }
        return signalledScheme != null ? signalledScheme : theme.scheme();
    }

    private Stage stage(String fxml, Object controller, String title) {
        return stage(fxml, controller, title, scheme());
    }

    /** The desktop switched between light and dark: every open tokentray window follows at once. */
    private static void restyleOpenWindows(DesktopTheme.Scheme scheme) {
        String base = Views.class.getResource(LIGHT_SHEET).toExternalForm();
        for (Window window : Window.getWindows()) {
            Scene scene = window.getScene();
            if (scene != null && scene.getStylesheets().contains(base)) {
                style(scene, scheme);
            }
        }
    }

    /** tokentray.css, and on a dark desktop tokentray-dark.css on top of it. */
    static void style(Scene scene, DesktopTheme.Scheme scheme) {
        String base = Views.class.getResource(LIGHT_SHEET).toExternalForm();
        String dark = Views.class.getResource(DARK_SHEET).toExternalForm();
        if (!scene.getStylesheets().contains(base)) {
            scene.getStylesheets().add(0, base);
        }
        if (scheme == DesktopTheme.Scheme.DARK) {
            if (!scene.getStylesheets().contains(dark)) {
                scene.getStylesheets().add(dark);
            }
        } else {
            scene.getStylesheets().remove(dark);
        }
    }

    /**
     * A problem line says it is one with a glyph as well as its colour, which not everyone can
     * tell apart (and a screen reader does not read). The glyph shows only while there is text.
     */
    private static void markProblems(Parent root) {
        for (Node node : root.lookupAll(".error")) {
            if (node instanceof Label line) {
                Text glyph = new Text("⚠");
                glyph.getStyleClass().add("problem-glyph");
                line.graphicProperty().bind(Bindings.when(line.textProperty().isEmpty())
                        .then((Node) null).otherwise(glyph));
            }
        }
    }

    /**
     * Enter on a check box does what the dialog's default button does, as in native dialogs
     * (Space ticks the box); JavaFX's check box takes Enter for itself and nothing happens.
     */
    private static void enterOnACheckBoxIsTheDefault(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, key -> {
            if (key.getCode() != KeyCode.ENTER || !(scene.getFocusOwner() instanceof CheckBox)) {
                return;
            }
            scene.getRoot().lookupAll(".button").stream()
                    .filter(n -> n instanceof Button b && b.isDefaultButton() && !b.isDisabled()
                            && b.isVisible())
                    .findFirst()
                    .ifPresent(button -> {
                        key.consume();
                        ((Button) button).fire();
                    });
        });
    }

    static Stage stage(String fxml, Object controller, String title, DesktopTheme.Scheme scheme) {
        URL resource = Views.class.getResource(fxml);
        FXMLLoader loader = new FXMLLoader(resource);
        loader.setController(controller);
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new IllegalStateException("cannot load " + fxml + " from the tokentray jar", e);
        }
        markProblems(root);
        Scene scene = new Scene(root);
        style(scene, scheme);
        enterOnACheckBoxIsTheDefault(scene);
        Stage stage = new Stage();
        stage.setTitle(title);
        stage.setScene(scene);
        // Every size there is: the window manager picks the one for its title bar, task switcher
        // and output scale, so the icon stays crisp at 200 % as at 100 %.
        for (URL icon : TrayIcons.appIconUrls()) {
            stage.getIcons().add(new Image(icon.toExternalForm()));
        }
        return stage;
    }
}
