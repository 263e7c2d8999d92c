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
import javafx.beans.property.ReadOnlyStringWrapper;
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
    @FXML private TableColumn<ProfileRow, String> nameColumn;
    @FXML private TableColumn<ProfileRow, String> identityColumn;
    @FXML private TableColumn<ProfileRow, String> mfaColumn;
    @FXML private TableColumn<ProfileRow, ProfileRow> leftColumn;
    @FXML private Label status;
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
        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().profile()));
        identityColumn.setCellFactory(c -> new TextWithTooltipCell());
        mfaColumn.setCellFactory(c -> new TextWithTooltipCell());
        identityColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().identity()));
        mfaColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().mfaDevice()));
        leftColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        leftColumn.setCellFactory(c -> new CountdownCell());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(ProfileRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("error"),
                        !empty && row != null && row.status().error() != null);
                // A profile without keys is no error: grey, with Add keys… on its row.
                String keysFor = empty || row == null ? null : row.status().needsKeysOf();
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("needs-keys"), keysFor != null);
                if (keysFor == null) {
                    setContextMenu(null);
                } else {
                    javafx.scene.control.MenuItem add = new javafx.scene.control.MenuItem("Add keys…");
                    add.setOnAction(e -> views.showAddKeys(keysFor, ProfilesController.this::afterChange));
                    setContextMenu(new javafx.scene.control.ContextMenu(add));
                }
            }
        });
        table.setItems(rows);
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                onUnlock();
            }
        });
    }

    /** The window is showing: start the countdowns and read the profiles now. */
    void shown() {
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
                status.setText(message(failure));
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
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        if (selected != null && rows.contains(selected)) {
            table.getSelectionModel().select(selected);
        }
        table.refresh();
        lockButton.setDisable(!actions.state().vaultOpen());
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
        withSelected(p -> run("Unlocking " + p + "…", () -> describe(p, actions.session(p, false))));
    }

    @FXML
    void onRefresh() {
        withSelected(p -> run("Refreshing " + p + "…", () -> describe(p, actions.refresh(p))));
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
            Platform.runLater(() -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(lines);
                Clipboard.getSystemClipboard().setContent(content);
            });
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
        withSelected(p -> run("Opening the AWS console as " + p + "…", () -> {
            try {
                actions.openConsole(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "Stopped before the browser opened.";
            }
            return "Opened the AWS console as " + p + " in your browser.";
        }));
    }

    @FXML
    void onLock() {
        actions.state().lock();
        lockButton.setDisable(true);
        status.setText("Vault locked: the next unlock asks for the password.");
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
        status.setText(message);
        reload();
    }

    private void withSelected(java.util.function.Consumer<String> action) {
        ProfileRow row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            status.setText("Select a profile first.");
            return;
        }
        action.accept(row.profile());
    }

    private void run(String doing, Callable<String> work) {
        status.setText(doing);
        CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, worker).whenComplete((done, failure) -> Platform.runLater(() -> {
            status.setText(failure == null ? done : message(failure));
            reload();
        }));
    }

    private String describe(String profile, Session s) {
        return "Unlocked " + profile + ": session " + s.accessKeyId() + ", "
                + Countdown.format(java.time.Duration.between(clock.instant(), s.expiration())) + " left.";
    }

    /** Long ARNs and error lines are cut to the column; the whole text shows on hover. */
    private static final class TextWithTooltipCell extends javafx.scene.control.TableCell<ProfileRow, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
            setTooltip(empty || text == null ? null : new javafx.scene.control.Tooltip(text));
        }
    }

    static String message(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TokentrayException) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    String statusText() {
        return status.getText();
    }
}
