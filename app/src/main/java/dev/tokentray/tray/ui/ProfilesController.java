package dev.tokentray.tray.ui;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileGroups;
import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.sts.KeyRotation;
import dev.tokentray.tray.ProfileActions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The profiles window (profiles.fxml): the profiles grouped by account as {@link ProfileGroups}
 * orders them, each group headed by its MFA sessions, the selected one's details beside, those
 * without keys in a folded section, and an info bar saying what happened. One timeline moves every
 * countdown once a second while the window shows; the profile list is re-read every few seconds
 * and after each action, on a worker thread.
 */
public final class ProfilesController {
    private static final int RELOAD_EVERY_TICKS = 5;
    private static final String LOCKED_TEXT = "Vault locked: the next unlock asks for the password.";

    /** How much an info bar message matters: its glyph and colour (the words say it too). */
    enum Severity {
        INFO("ℹ"), SUCCESS("✓"), WARNING("⚠"), ERROR("✕");

        final String glyph;

        Severity(String glyph) {
            this.glyph = glyph;
        }
    }

    private final ProfileActions actions;
    private final Views views;
    private final Executor worker;
    private final Clock clock;
    private final String noTrayReason;
    private final ObservableList<ProfileListItem> items = FXCollections.observableArrayList();
    private final Map<String, ProfileRow> rows = new HashMap<>();
    private final Map<String, GroupHeader> headers = new HashMap<>();
    private final Timeline ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> tick()));
    private final ProfileDetailsPane details = new ProfileDetailsPane();
    private List<ProfileStatus> latest = List.of();
    private List<String> shownWithoutKeys = List.of();
    private int ticks;
    private boolean reloading;

    @FXML private Label banner;
    @FXML private TextField filter;
    @FXML private ChoiceBox<ProfileGroups.Order> sort;
    @FXML private SplitPane split;
    @FXML private ListView<ProfileListItem> list;
    @FXML private TitledPane noKeys;
    @FXML private VBox noKeysList;
    @FXML private HBox infoBar;
    @FXML private Label infoGlyph;
    @FXML private Label status;
    @FXML private Button statusAction;
    @FXML private Button lockButton;

    ProfilesController(ProfileActions actions, Views views, Executor worker, Clock clock, String noTrayReason) {
        this.actions = actions;
        this.views = views;
        this.worker = worker;
        this.clock = clock;
        this.noTrayReason = noTrayReason;
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    /** The banner saying there is no tray goes: there is one now. */
    void trayAppeared() {
        banner.setVisible(false);
        banner.setManaged(false);
    }

    @FXML
    private void initialize() {
        if (noTrayReason != null) {
            banner.setText(noTrayReason);
            banner.setVisible(true);
            banner.setManaged(true);
        }
        sort.getItems().setAll(ProfileGroups.Order.values());
        sort.setConverter(new StringConverter<>() {
            @Override
            public String toString(ProfileGroups.Order order) {
                return order == ProfileGroups.Order.TIME_LEFT ? "Soonest to expire first" : "By name";
            }

            @Override
            public ProfileGroups.Order fromString(String text) {
                return null;
            }
        });
        sort.setValue(ProfileGroups.Order.NAME);
        sort.valueProperty().addListener((o, was, now) -> render());
        filter.textProperty().addListener((o, was, now) -> render());
        list.setItems(items);
        list.setCellFactory(l -> new ProfileListCell(this));
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                details.follow(now instanceof ProfileRow r ? r : null));
        // A filter: the list's own key handling would take Enter first.
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.ENTER) {
                return;
            }
            if (selectedRow() != null) {
                primary(selectedRow());
                e.consume();
            } else if (list.getSelectionModel().getSelectedItem() instanceof GroupHeader h) {
                // An account's header: Enter is its End, for the MFA session still live.
                h.mfa().stream().filter(l -> l.liveProperty().get()).findFirst()
                        .ifPresent(l -> endMfaSession(l.keyProfile(), l.serial()));
                e.consume();
            }
        });
        list.setOnMouseClicked(e -> {
            ProfileRow row = selectedRow();
            // A double-click does only what cannot surprise: unlock a locked profile, or add keys.
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row != null
                    && row.stateProperty().get() == ProfileStatus.State.LOCKED) {
                primary(row);
            }
        });
        // The keyboard's menu key (or Shift+F10) opens the selected profile's menu; a right click
        // opens its row's own.
        list.setOnContextMenuRequested(e -> {
            ProfileRow row = selectedRow();
            if (e.isKeyboardTrigger() && row != null) {
                new ContextMenu(menuFor(row).toArray(MenuItem[]::new)).show(list, e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        javafx.scene.control.ScrollPane side = new javafx.scene.control.ScrollPane(details);
        side.setFitToWidth(true);
        side.getStyleClass().add("details-scroll");
        split.getItems().add(side);
        SplitPane.setResizableWithParent(side, false);
        noKeys.setFocusTraversable(true);
    }

    /** The window is showing: start the countdowns and read the profiles now; what was said before is old news. */
    void shown() {
        say("");
        // The keyboard starts on the profiles: arrows move, Enter acts, the menu key opens the row's menu.
        list.requestFocus();
        ticker.play();
        reload();
    }

    /** Hidden to the tray: nothing ticks. */
    void hidden() {
        ticker.stop();
    }

    void reload() {
        if (reloading) {
            return;
        }
        reloading = true;
        CompletableFuture.supplyAsync(actions::overview, worker).whenComplete((statuses, failure) -> Platform.runLater(() -> {
            reloading = false;
            if (failure != null) {
                say(message(failure), Severity.ERROR);
            } else {
                merge(statuses);
            }
        }));
    }

    private void merge(List<ProfileStatus> statuses) {
        latest = statuses;
        render();
        boolean open = actions.state().vaultOpen();
        lockButton.setDisable(!open);
        if (open && LOCKED_TEXT.equals(status.getText())) {
            say("");
        }
    }

    /**
     * Shows {@link #latest} as the filter and order ask. Row and header objects are kept for the
     * profiles and accounts still there, and the list is replaced only when what it holds changed:
     * a replaced list would rebuild every cell (and close the tooltip being read).
     */
    private void render() {
        Instant now = clock.instant();
        Map<String, ProfileRow> keptRows = new HashMap<>();
        for (ProfileStatus s : latest) {
            ProfileRow row = rows.get(s.profile());
            if (row == null) {
                row = new ProfileRow(s, now);
            } else {
                row.update(s, now);
            }
            keptRows.put(s.profile(), row);
        }
        rows.clear();
        rows.putAll(keptRows);
        ProfileGroups.View view = ProfileGroups.of(latest, filter.getText(), sort.getValue(), now);
        List<ProfileListItem> next = new ArrayList<>();
        Map<String, GroupHeader> keptHeaders = new HashMap<>();
        for (ProfileGroups.Group group : view.groups()) {
            GroupHeader header = headers.getOrDefault(group.key(), new GroupHeader(group.key()));
            header.update(group, now);
            keptHeaders.put(group.key(), header);
            next.add(header);
            group.profiles().forEach(p -> next.add(rows.get(p.profile())));
        }
        headers.clear();
        headers.putAll(keptHeaders);
        if (!next.equals(items)) {
            ProfileListItem selected = list.getSelectionModel().getSelectedItem();
            items.setAll(next);
            if (selected != null && items.contains(selected)) {
                list.getSelectionModel().select(selected);
            }
        }
        showWithoutKeys(view.needKeys());
        if (latest.isEmpty()) {
            list.setPlaceholder(new Label("No profiles yet: Add keys… or Import… from ~/.aws/credentials"));
        } else if (next.isEmpty()) {
            list.setPlaceholder(new Label("No profile matches “" + filter.getText().strip() + "”."));
        }
    }

    /** The folded grey section of profiles that wait for keys, each with Add keys…; rebuilt only when they change. */
    private void showWithoutKeys(List<ProfileStatus> waiting) {
        List<String> names = waiting.stream().map(s -> s.profile() + "→" + s.needsKeysOf()).toList();
        if (names.equals(shownWithoutKeys)) {
            return;
        }
        shownWithoutKeys = names;
        noKeys.setVisible(!waiting.isEmpty());
        noKeys.setManaged(!waiting.isEmpty());
        noKeys.setText(waiting.size() == 1 ? "1 profile without keys" : waiting.size() + " profiles without keys");
        noKeysList.getChildren().clear();
        for (ProfileStatus s : waiting) {
            Label name = new Label(s.profile());
            name.getStyleClass().add("profile-name");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label why = new Label(s.needsKeysOf().equals(s.profile()) ? "no keys yet"
                    : "no keys yet: " + s.needsKeysOf() + " has none");
            why.getStyleClass().add("detail");
            Region spacer = new Region();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            Button add = new Button("Add keys…");
            add.setId("addKeys-" + s.profile());
            add.setAccessibleText("Add keys for " + s.needsKeysOf());
            add.setOnAction(e -> views.showAddKeys(s.needsKeysOf(), this::afterChange));
            HBox line = new HBox(10, name, why, spacer, add);
            line.setAlignment(Pos.CENTER_LEFT);
            line.getStyleClass().add("no-keys-row");
            noKeysList.getChildren().add(line);
        }
    }

    private void tick() {
        Instant now = clock.instant();
        rows.values().forEach(r -> r.tick(now));
        headers.values().forEach(h -> h.tick(now));
        if (++ticks % RELOAD_EVERY_TICKS == 0) {
            reload();
        }
    }

    /** Selects {@code profile} (the tray menu's "Open window" for one profile, and tests). */
    void select(String profile) {
        ProfileRow row = rows.get(profile);
        if (row != null && items.contains(row)) {
            list.getSelectionModel().select(row);
            list.scrollTo(row);
        }
    }

    private ProfileRow selectedRow() {
        return list.getSelectionModel().getSelectedItem() instanceof ProfileRow r ? r : null;
    }

    /** The row's one button (and Enter): Unlock a locked profile, End a live session, say what a broken one needs. */
    void primary(ProfileRow row) {
        String p = row.profile();
        switch (row.stateProperty().get()) {
            case LOCKED -> run("Unlocking " + p + "…", () -> "Unlocked " + p + " (" + left(actions.session(p, false)) + ").");
            case LIVE, EXPIRING -> endSession(p);
            case NEEDS_KEYS -> views.showAddKeys(row.status().needsKeysOf(), this::afterChange);
            case ERROR -> say(p + ": " + row.status().error(), Severity.ERROR);
        }
    }

    private void endSession(String p) {
        run("Ending " + p + "'s session…", () -> String.join(" ", actions.clear(p, false).lines()));
    }

    /** A group header's End: the MFA session made from {@code keyProfile}'s keys ends, and the roles' next session asks for a code. */
    void endMfaSession(String keyProfile, String serial) {
        run("Ending the MFA session of " + serial + "…", () -> String.join(" ", actions.clear(keyProfile, true).lines()));
    }

    /** The ⋯ menu and right-click menu of a row. */
    List<MenuItem> menuFor(ProfileRow row) {
        String p = row.profile();
        ProfileStatus s = row.status();
        var notUsable = javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            ProfileStatus.State st = row.stateProperty().get();
            return st == ProfileStatus.State.ERROR || st == ProfileStatus.State.NEEDS_KEYS;
        }, row.stateProperty());
        var notLive = javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            ProfileStatus.State st = row.stateProperty().get();
            return st != ProfileStatus.State.LIVE && st != ProfileStatus.State.EXPIRING;
        }, row.stateProperty());
        MenuItem copy = item("copyItem", "Copy export lines", notUsable, () -> copyExport(p));
        MenuItem console = item("consoleItem", "Open console", notUsable, () -> openConsole(p));
        MenuItem wire = item("wireItem", "Use with AWS CLI", notUsable, () -> wire(p));
        MenuItem refresh = item("refreshItem", "Refresh", notUsable, () -> run("Renewing " + p + "…",
                () -> "Renewed " + p + " (" + left(actions.refresh(p)) + ")."));
        MenuItem end = item("endItem", "End session", notLive, () -> endSession(p));
        // The row's copy button, for the keyboard.
        String account = s.account();
        MenuItem copyAccount = item("copyAccountItem", "Copy account ID", null, () -> copyAccount(account));
        copyAccount.setDisable(account == null);
        // Keys are rotated and removed where they are: on the profile holding them.
        String keyProfile = s.lineage().keyProfile();
        boolean inVault = keyProfile != null && dev.tokentray.config.KeySource.Kind.VAULT.label().equals(s.lineage().keysKind());
        String of = keyProfile == null || keyProfile.equals(p) ? "" : " of " + keyProfile;
        MenuItem rotate = item("rotateItem", "Rotate key" + of + "…", null, () -> confirmRotate(keyProfile));
        rotate.setDisable(!inVault);
        MenuItem remove = item("removeItem", "Remove keys" + of + "…", null, () -> confirmRemove(keyProfile));
        remove.setDisable(!inVault);
        return List.of(copy, console, wire, refresh, end, copyAccount, new SeparatorMenuItem(), rotate, remove);
    }

    private static MenuItem item(String id, String text, javafx.beans.value.ObservableBooleanValue disabled, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId(id);
        if (disabled != null) {
            item.disableProperty().bind(disabled);
        }
        item.setOnAction(e -> action.run());
        return item;
    }

    private void copyExport(String p) {
        run("Getting " + p + "'s session…", () -> {
            String lines = actions.exportLines(p);
            Platform.runLater(() -> copy(lines));
            return "Copied the export lines of " + p + " (paste them into a shell).";
        });
    }

    private void wire(String p) {
        run("Wiring " + p + "…", () -> {
            Tokentray.WireResult r = actions.wire(p);
            return r.changed() ? "Added profile " + r.wiredProfile() + " to ~/.aws/config: try `aws sts get-caller-identity --profile "
                    + r.wiredProfile() + "` (backup: " + r.backup() + ")." : "Profile " + r.wiredProfile() + " is already wired.";
        });
    }

    private void openConsole(String p) {
        say("Opening the AWS console as " + p + "…", Severity.INFO);
        CompletableFuture.supplyAsync(() -> actions.consoleLink(p), worker).whenCompleteAsync((link, failure) -> {
            if (failure != null) {
                Platform.runLater(() -> say(message(failure), Severity.ERROR));
                return;
            }
            try {
                actions.openInBrowser(link, "use Copy sign-in link (valid 15 minutes)");
                Platform.runLater(() -> say("Opened the AWS console as " + p + " in your browser.", Severity.SUCCESS));
            } catch (TokentrayException e) {
                // No browser here (or none followed the link): the link itself is the way in.
                Platform.runLater(() -> say(message(e), Severity.WARNING, "Copy sign-in link", () -> {
                    copy(link);
                    say("Copied the sign-in link of " + p + ": paste it into a browser within 15 minutes.", Severity.SUCCESS);
                }));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Platform.runLater(() -> say("Stopped before the browser opened.", Severity.WARNING));
            }
        }, worker);
    }

    /**
     * Asks before rotating, naming the key that goes (known while the vault is open); the unlock
     * dialog then asks for whatever the rotation still needs (the vault password, an MFA code).
     */
    private void confirmRotate(String keyProfile) {
        String keyId = actions.state().accessKeyId(keyProfile);
        Dialog<ButtonType> ask = new Dialog<>();
        ask.setTitle("Rotate key — tokentray");
        ask.setHeaderText("Rotate the access key of " + keyProfile + (keyId == null ? "" : " (" + keyId + ")") + "?");
        Label text = new Label("tokentray makes a new key for its IAM user, stores it in the vault, then deletes "
                + (keyId == null ? "the old key" : keyId) + " in IAM: anything else still using the old key stops working.");
        text.setWrapText(true);
        text.setMaxWidth(420);
        ask.getDialogPane().setContent(new VBox(10, text));
        ButtonType rotate = new ButtonType("Rotate key", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        ask.getDialogPane().getButtonTypes().addAll(rotate, ButtonType.CANCEL);
        ask.getDialogPane().getStylesheets().addAll(list.getScene().getStylesheets());
        ask.initOwner(list.getScene().getWindow());
        // Not showAndWait: the window's countdowns keep moving while the question is open.
        ask.setOnHidden(e -> {
            if (rotate.equals(ask.getResult())) {
                run("Rotating the access key of " + keyProfile + "…", () -> {
                    KeyRotation.Result r = actions.rotate(keyProfile);
                    return "Rotated the access key of " + keyProfile + ": " + r.newKeyId() + " replaced " + r.oldKeyId()
                            + "; the old key is deleted.";
                });
            }
        });
        ask.show();
    }

    /** Asks before removing keys (the vault password too while the vault is locked), naming the profiles that lose them. */
    private void confirmRemove(String keyProfile) {
        List<String> users = latest.stream().filter(s -> keyProfile.equals(s.lineage().keyProfile()))
                .map(ProfileStatus::profile).filter(n -> !n.equals(keyProfile)).sorted().toList();
        Dialog<ButtonType> ask = new Dialog<>();
        ask.setTitle("Remove keys — tokentray");
        ask.setHeaderText("Remove the keys of " + keyProfile + " from the vault?");
        Label text = new Label("Its cached session ends" + (users.isEmpty() ? "" : ", and " + String.join(", ", users)
                + " can no longer be unlocked") + ". AWS keeps the key: delete it in the IAM console if nobody needs it.");
        text.setWrapText(true);
        text.setMaxWidth(420);
        PasswordField password = new PasswordField();
        password.setId("removePassword");
        password.setPromptText("Vault password");
        password.setAccessibleText("Vault password");
        boolean locked = !actions.state().vaultOpen();
        VBox content = locked ? new VBox(10, text, password) : new VBox(10, text);
        ask.getDialogPane().setContent(content);
        ButtonType remove = new ButtonType("Remove keys", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        ask.getDialogPane().getButtonTypes().addAll(remove, ButtonType.CANCEL);
        ask.getDialogPane().getStylesheets().addAll(list.getScene().getStylesheets());
        ask.initOwner(list.getScene().getWindow());
        // Not showAndWait: the window's countdowns keep moving while the question is open.
        ask.setOnHidden(e -> {
            if (!remove.equals(ask.getResult())) {
                password.clear();
                return;
            }
            char[] typed = locked ? password.getText().toCharArray() : null;
            password.clear();
            run("Removing the keys of " + keyProfile + "…", () -> {
                Tokentray.RemoveResult r = actions.state().withVaultPassword(typed,
                        pw -> actions.engine().remove(keyProfile, pw::clone));
                actions.onChangeNow();
                return "Removed the keys of " + keyProfile + " from the vault" + (r.sessionRemoved() ? " and ended its session"
                        : "") + ".";
            });
        });
        ask.show();
    }

    void copyAccount(String account) {
        copy(account);
        say("Copied the account ID " + account + ".", Severity.SUCCESS);
    }

    @FXML
    void onLock() {
        actions.state().lock();
        lockButton.setDisable(true);
        say(LOCKED_TEXT, Severity.INFO);
    }

    @FXML
    void onAddKeys() {
        views.showAddKeys(this::afterChange);
    }

    @FXML
    void onImport() {
        views.showImport(this::afterChange);
    }

    @FXML
    void onSettings() {
        views.showSettings();
    }

    @FXML
    void onDismissInfo() {
        say("");
    }

    void afterChange(String message) {
        say(message, Severity.SUCCESS);
        reload();
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The info bar goes (an empty text). */
    private void say(String text) {
        say(text, Severity.INFO, null, null);
    }

    private void say(String text, Severity severity) {
        say(text, severity, null, null);
    }

    /** The info bar says {@code text} with its severity's glyph and colour, and a button doing {@code action} when a label is given. */
    private void say(String text, Severity severity, String actionLabel, Runnable action) {
        boolean shown = text != null && !text.isEmpty();
        status.setText(text);
        infoBar.setVisible(shown);
        infoBar.setManaged(shown);
        infoGlyph.setText(severity.glyph);
        for (Severity s : Severity.values()) {
            infoBar.pseudoClassStateChanged(PseudoClass.getPseudoClass(s.name().toLowerCase(java.util.Locale.ROOT)), s == severity);
        }
        infoBar.setAccessibleText(severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + text);
        statusAction.setText(actionLabel);
        statusAction.setOnAction(action == null ? null : e -> action.run());
        statusAction.setVisible(action != null);
        statusAction.setManaged(action != null);
    }

    private void run(String doing, Callable<String> work) {
        say(doing, Severity.INFO);
        CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker).whenComplete((done, failure) -> Platform.runLater(() -> {
            if (failure == null) {
                say(done, Severity.SUCCESS);
            } else {
                say(message(failure), Severity.ERROR);
            }
            reload();
        }));
    }

    /** How long a new session lasts, as the countdown shows it ("59m"). */
    private String left(Session s) {
        return Countdown.format(java.time.Duration.between(clock.instant(), s.expiration()));
    }

    /** A failure in words: the line a TokentrayException carries, else what to do about an internal error. */
    static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TokentrayException) {
            String line = cause.getMessage();
            return line.isEmpty() ? line : Character.toUpperCase(line.charAt(0)) + line.substring(1);
        }
        // A defect of ours: one line in words here, its type and place in the tray's log (stderr).
        System.err.println(dev.tokentray.FailureLine.of(cause));
        return "That did not work because of an internal error in tokentray; please report it.";
    }

    String statusText() {
        return status.getText();
    }

    /** The details pane (for tests). */
    ProfileDetailsPane details() {
        return details;
    }
}
