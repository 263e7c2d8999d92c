package dev.tokentray.tray.ui;

import dev.tokentray.TokentrayException;
import dev.tokentray.cache.Session;
import dev.tokentray.core.Countdown;
import dev.tokentray.core.ProfileStatus;
import dev.tokentray.core.Tokentray;
import dev.tokentray.tray.ProfileActions;
import java.time.Clock;
import java.time.Instant;
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
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * The profiles window (profiles.fxml). One timeline for the whole table moves every countdown once
 * a second while the window shows; the profile list is re-read every few seconds and after each
 * action, on a worker thread.
 */
public final class ProfilesController {
    private static final int RELOAD_EVERY_TICKS = 5;

    private final ProfileActions actions;
    private final Views views;
    private final Executor worker;
    private final Clock clock;
    private final String noTrayReason;
    private final ObservableList<ProfileRow> rows = FXCollections.observableArrayList();
    private final Timeline ticker = new Timeline(new KeyFrame(javafx.util.Duration.seconds(1), e -> tick()));
    private int ticks;
    private boolean reloading;

    @FXML private Label banner;
    @FXML private TableView<ProfileRow> table;
    @FXML private TableColumn<ProfileRow, ProfileRow> nameColumn;
    @FXML private TableColumn<ProfileRow, String> identityColumn;
    @FXML private TableColumn<ProfileRow, String> mfaColumn;
    @FXML private TableColumn<ProfileRow, ProfileRow> leftColumn;
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

    @FXML
    private void initialize() {
        if (noTrayReason != null) {
            banner.setText(noTrayReason);
            banner.setVisible(true);
            banner.setManaged(true);
        }
        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        nameColumn.setCellFactory(c -> new NameCell());
        nameColumn.setComparator(java.util.Comparator.comparing(ProfileRow::profile));
        // The row's own properties: a cell changes only when its text does, so a tooltip the
        // person is reading stays open while the countdowns tick and the list reloads.
        identityColumn.setCellFactory(c -> new TextWithTooltipCell());
        mfaColumn.setCellFactory(c -> new TextWithTooltipCell());
        identityColumn.setCellValueFactory(c -> c.getValue().identityProperty());
        mfaColumn.setCellValueFactory(c -> c.getValue().mfaProperty());
        leftColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        leftColumn.setCellFactory(c -> new CountdownCell());
        leftColumn.setComparator(ProfileRow.BY_TIME_LEFT);
        table.setRowFactory(t -> new StatusRow());
        table.setItems(rows);
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                onUnlock();
            }
        });
    }

    /** The window is showing: start the countdowns and read the profiles now; what was said before is old news. */
    void shown() {
        say("");
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
        CompletableFuture.supplyAsync(actions::overview, worker).whenComplete((list, failure) -> Platform.runLater(() -> {
            reloading = false;
            if (failure != null) {
                say(message(failure));
            } else {
                merge(list);
            }
        }));
    }

    /** Keeps the row objects (and so the selection) of profiles still there. */
    private void merge(List<ProfileStatus> list) {
        Instant now = clock.instant();
        Map<String, ProfileRow> existing = new HashMap<>();
        rows.forEach(r -> existing.put(r.profile(), r));
        ObservableList<ProfileRow> next = FXCollections.observableArrayList();
        // Profiles without keys are shown apart, after those that can be unlocked.
        for (ProfileStatus s : list.stream().sorted(java.util.Comparator.comparing(st -> st.needsKeysOf() != null)).toList()) {
            ProfileRow row = existing.get(s.profile());
            if (row == null) {
                row = new ProfileRow(s, now);
            } else {
                row.update(s, now);
            }
            next.add(row);
        }
        ProfileRow selected = table.getSelectionModel().getSelectedItem();
        // Rows are compared as a set: the table may show them in another (sorted) order, and a
        // list replaced with the same rows would rebuild every cell.
        if (next.size() != rows.size() || !new java.util.HashSet<>(next).containsAll(rows)) {
            rows.setAll(next);
            if (selected != null && rows.contains(selected)) {
                table.getSelectionModel().select(selected);
            }
        }
        java.util.Comparator<ProfileRow> order = table.getComparator();
        if (order != null && !sorted(order)) {
            table.sort();
        }
        boolean open = actions.state().vaultOpen();
        lockButton.setDisable(!open);
        if (open && LOCKED_TEXT.equals(status.getText())) {
            say("");
        }
    }

    private boolean sorted(java.util.Comparator<ProfileRow> order) {
        for (int i = 1; i < rows.size(); i++) {
            if (order.compare(rows.get(i - 1), rows.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private void tick() {
        Instant now = clock.instant();
        for (ProfileRow row : rows) {
            row.tick(now);
        }
        if (++ticks % RELOAD_EVERY_TICKS == 0) {
            reload();
        }
    }

    /** Selects {@code profile} (the tray menu's "Open window" for one profile, and tests). */
    void select(String profile) {
        rows.stream().filter(r -> r.profile().equals(profile)).findFirst()
                .ifPresent(r -> table.getSelectionModel().select(r));
    }

    @FXML
    void onUnlock() {
        ProfileRow selected = table.getSelectionModel().getSelectedItem();
        if (selected != null && selected.status().needsKeysOf() != null) {
            // Unlock (or a double-click) on a profile without keys offers what it needs: keys.
            views.showAddKeys(selected.status().needsKeysOf(), this::afterChange);
            return;
        }
        withSelected(p -> run("Unlocking " + p + "…", () -> "Unlocked " + p + " (" + left(actions.session(p, false)) + ")."));
    }

    @FXML
    void onRefresh() {
        withSelected(p -> run("Renewing " + p + "…", () -> "Renewed " + p + " (" + left(actions.refresh(p)) + ")."));
    }

    @FXML
    void onClear() {
        withSelected(p -> run("Clearing " + p + "…", () -> {
            List<String> cleared = actions.clear(p);
            return cleared.isEmpty() ? "No cached session for " + p + "." : "Cleared " + String.join(", ", cleared) + ".";
        }));
    }

    @FXML
    void onCopyExport() {
        withSelected(p -> run("Getting " + p + "'s session…", () -> {
            String lines = actions.exportLines(p);
            Platform.runLater(() -> copy(lines));
            return "Copied the export lines of " + p + " (paste them into a shell).";
        }));
    }

    @FXML
    void onWire() {
        withSelected(p -> run("Wiring " + p + "…", () -> {
            Tokentray.WireResult r = actions.wire(p);
            return r.changed() ? "Added profile " + r.wiredProfile() + " to ~/.aws/config: try `aws sts get-caller-identity --profile "
                    + r.wiredProfile() + "` (backup: " + r.backup() + ")." : "Profile " + r.wiredProfile() + " is already wired.";
        }));
    }

    @FXML
    void onOpenConsole() {
        withSelected(p -> {
            say("Opening the AWS console as " + p + "…");
            CompletableFuture.supplyAsync(() -> actions.consoleLink(p), worker).whenCompleteAsync((link, failure) -> {
                if (failure != null) {
                    Platform.runLater(() -> say(message(failure)));
                    return;
                }
                try {
                    actions.openInBrowser(link, "use Copy sign-in link (valid 15 minutes)");
                    Platform.runLater(() -> say("Opened the AWS console as " + p + " in your browser."));
                } catch (TokentrayException e) {
                    // No browser here (or none followed the link): the link itself is the way in.
                    Platform.runLater(() -> say(message(e), "Copy sign-in link", () -> {
                        copy(link);
                        say("Copied the sign-in link of " + p + ": paste it into a browser within 15 minutes.");
                    }));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    Platform.runLater(() -> say("Stopped before the browser opened."));
                }
            }, worker);
        });
    }

    private static final String LOCKED_TEXT = "Vault locked: the next unlock asks for the password.";

    @FXML
    void onLock() {
        actions.state().lock();
        lockButton.setDisable(true);
        say(LOCKED_TEXT);
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

    void afterChange(String message) {
        say(message);
        reload();
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The status bar says {@code text} (nothing when empty), with no action. */
    private void say(String text) {
        say(text, null, null);
    }

    /** The status bar says {@code text}, with a button doing {@code action} when a label is given. */
    private void say(String text, String actionLabel, Runnable action) {
        status.setText(text);
        statusAction.setText(actionLabel);
        statusAction.setOnAction(action == null ? null : e -> action.run());
        statusAction.setVisible(action != null);
        statusAction.setManaged(action != null);
    }

    private void withSelected(java.util.function.Consumer<String> action) {
        ProfileRow row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            say("Select a profile first.");
            return;
        }
        action.accept(row.profile());
    }

    private void run(String doing, Callable<String> work) {
        say(doing);
        CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker).whenComplete((done, failure) -> Platform.runLater(() -> {
            say(failure == null ? done : message(failure));
            reload();
        }));
    }

    /** How long a new session lasts, as the countdown shows it ("59m"). */
    private String left(Session s) {
        return Countdown.format(java.time.Duration.between(clock.instant(), s.expiration()));
    }

    /** Long ARNs and error lines are cut to the column; the whole text shows on hover, in one tooltip per cell. */
    private static final class TextWithTooltipCell extends javafx.scene.control.TableCell<ProfileRow, String> {
        private final javafx.scene.control.Tooltip tooltip = new javafx.scene.control.Tooltip();

        TextWithTooltipCell() {
            // An ARN takes longer than the default 5 seconds to read: it stays while the mouse does.
            tooltip.setShowDuration(javafx.util.Duration.INDEFINITE);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            if (empty || text == null || text.isEmpty()) {
                setTooltip(null);
            } else {
                tooltip.setText(text);
                setTooltip(tooltip);
            }
        }
    }

    /** The profile's name, and a badge when the AWS CLI reaches it through tokentray's wiring. */
    private static final class NameCell extends javafx.scene.control.TableCell<ProfileRow, ProfileRow> {
        private final Label name = new Label();
        private final Label badge = new Label();
        private final javafx.scene.layout.HBox box = new javafx.scene.layout.HBox(6, name, badge);

        NameCell() {
            badge.getStyleClass().add("badge");
            // The name is the last thing to be cut short; the badge gives way first.
            name.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            badge.visibleProperty().bind(badge.textProperty().isNotEmpty());
            badge.managedProperty().bind(badge.visibleProperty());
            badge.setTooltip(new javafx.scene.control.Tooltip("The AWS CLI and SDKs reach this profile through that"
                    + " profile in ~/.aws/config, which runs tokentray's shim."));
        }

        @Override
        protected void updateItem(ProfileRow row, boolean empty) {
            super.updateItem(row, empty);
            badge.textProperty().unbind();
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            name.setText(row.profile());
            badge.textProperty().bind(row.wiringProperty());
            setGraphic(box);
        }
    }

    /** A row in red while its profile cannot be used; follows the profile's status, not the cell's rebuilds. */
    /**
     * A row styled by its profile's state: red for a broken config; grey, with Add keys… on it,
     * for a profile without keys (no error: it waits for keys).
     */
    private final class StatusRow extends TableRow<ProfileRow> {
        private final javafx.beans.value.ChangeListener<ProfileStatus> restyle = (o, was, now) -> restyle();
        private ProfileRow watched;

        @Override
        protected void updateItem(ProfileRow row, boolean empty) {
            super.updateItem(row, empty);
            if (watched != null) {
                watched.statusProperty().removeListener(restyle);
            }
            watched = empty ? null : row;
            if (watched != null) {
                watched.statusProperty().addListener(restyle);
            }
            restyle();
        }

        private void restyle() {
            pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"),
                    watched != null && watched.status().error() != null);
            String keysFor = watched == null ? null : watched.status().needsKeysOf();
            pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("needs-keys"), keysFor != null);
            if (keysFor == null) {
                setContextMenu(null);
            } else {
                javafx.scene.control.MenuItem add = new javafx.scene.control.MenuItem("Add keys…");
                add.setOnAction(e -> views.showAddKeys(keysFor, ProfilesController.this::afterChange));
                setContextMenu(new javafx.scene.control.ContextMenu(add));
            }
        }
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
}
