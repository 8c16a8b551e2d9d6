package dev.corral.console.profiles;

import dev.corral.api.v1.Credentials;
import dev.corral.console.connection.ConnectionTarget;
import dev.corral.console.ui.DialogService;
import dev.corral.console.ui.Tasks;
import java.net.URI;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connect dialog: the stored profiles, a form for one, and Test, Save, Connect, Delete. Files
 * and the network are used on the background executor. A password typed is used as it is; a
 * stored one is decrypted only when a connection needs it.
 */
public final class ConnectDialogViewModel {
    /** Checks that a cluster's API answers with these credentials; throws with the reason. */
    public interface Prober {
        void probe(ConnectionTarget.Remote target) throws Exception;
    }

    private final ProfileStore store;
    private final SecretVault vault;
    private final Prober prober;
    private final Tasks tasks;
    private final DialogService dialogs;
    private final Consumer<ConnectionTarget> connect;
    private final ConnectionTarget.Local local;
    private final ObservableList<String> profiles = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty caCertificate = new SimpleStringProperty("");
    private final BooleanProperty remember = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper storedPassword = new ReadOnlyStringWrapper("");

    public ConnectDialogViewModel(
            ProfileStore store,
            SecretVault vault,
            Prober prober,
            Tasks tasks,
            DialogService dialogs,
            ConnectionTarget.Local local,
            Consumer<ConnectionTarget> connect) {
        this.store = store;
        this.vault = vault;
        this.prober = prober;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.local = local;
        this.connect = connect;
    }

    /** Reads the stored profiles (when the dialog opens and after each change). */
    public void reload() {
        tasks.run(
                () -> store.list().stream().map(ConnectionProfile::name).toList(),
                profiles::setAll,
                failure -> error.set(Tasks.reason(failure)));
    }

    /** Fills the form with a stored profile. */
    public void select(String profile) {
        tasks.run(
                () -> store.get(profile).orElseThrow(() -> new IllegalStateException("no profile " + profile)),
                p -> {
                    name.set(p.name());
                    url.set(p.url());
                    user.set(p.user() == null ? "" : p.user());
                    password.set("");
                    caCertificate.set(p.caCertificate() == null ? "" : p.caCertificate());
                    storedPassword.set(p.encryptedPassword() == null ? "" : "kept, encrypted");
                    remember.set(p.encryptedPassword() != null);
                    error.set("");
                    message.set("");
                },
                failure -> error.set(Tasks.reason(failure)));
    }

    /** What is wrong with the form, or empty. */
    public String problem() {
        String nameProblem = ConnectionProfile.nameProblem(name.get());
        if (!nameProblem.isEmpty()) {
            return nameProblem;
        }
        URI uri;
        try {
            uri = URI.create(url.get().strip());
        } catch (IllegalArgumentException e) {
            return "the URL is not valid: " + e.getMessage();
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            return "the URL must be http:// or https:// with a host, e.g. http://10.0.0.5:9700";
        }
        boolean hasPassword = !password.get().isEmpty() || !storedPassword.get().isEmpty();
        if (hasPassword && user.get().isBlank()) {
            return "a password needs a user name";
        }
        if (user.get().contains(":")) {
            return "the user name must not contain ':'";
        }
        return "";
    }

    public void test() {
        run("Testing " + url.get().strip() + "…", target -> {
            prober.probe(target);
            return "The API at " + target.url() + " answered"
                    + (target.credentials().isPresent() ? " and accepted the credentials" : "");
        });
    }

    public void save() {
        run("Saving " + name.get() + "…", target -> {
            persist();
            return "Saved " + name.get();
        });
    }

    /** Saves the profile, remembers it as the last used, and connects the console to it. */
    public void connect() {
        run(
                "Connecting to " + url.get().strip() + "…",
                target -> {
                    persist();
                    store.markUsed(name.get());
                    return "Connecting to " + target.url();
                },
                connect::accept);
    }

    public void connectLocal() {
        connect.accept(local);
        message.set("Connecting to the " + local.describe());
    }

    public void delete() {
        String profile = name.get();
        if (profile.isBlank() || !profiles.contains(profile)) {
            return;
        }
        if (!dialogs.confirm(
                "Delete profile " + profile,
                "Delete the connection profile \"" + profile + "\" and its stored password?")) {
            return;
        }
        tasks.run(
                () -> {
                    store.delete(profile);
                    return profile;
                },
                deleted -> {
                    message.set("Deleted " + deleted);
                    reload();
                },
                failure -> error.set(Tasks.reason(failure)));
    }

    private interface Work {
        String run(ConnectionTarget.Remote target) throws Exception;
    }

    private void run(String progress, Work work) {
        run(progress, work, target -> {});
    }

    /** What the work said, and the target it worked on (its credentials decrypted off the UI thread). */
    private record Done(String message, ConnectionTarget.Remote target) {}

    /** Validates, runs {@code work} off the UI thread, then {@code after} on it when it succeeded. */
    private void run(String progress, Work work, Consumer<ConnectionTarget.Remote> after) {
        String problem = problem();
        error.set(problem);
        if (!problem.isEmpty()) {
            return;
        }
        message.set(progress);
        String profile = name.get();
        String address = url.get().strip();
        String userName = user.get().strip();
        String typed = password.get();
        String authority = caCertificate.get().strip();
        tasks.run(
                () -> {
                    var target = new ConnectionTarget.Remote(
                            URI.create(address),
                            credentials(profile, userName, typed),
                            Authorities.load(authority.isEmpty() ? null : authority));
                    return new Done(work.run(target), target);
                },
                done -> {
                    message.set(done.message());
                    reload();
                    after.accept(done.target());
                },
                failure -> {
                    message.set("");
                    error.set(Tasks.reason(failure));
                });
    }

    /** The typed password, else the stored one decrypted, else none. */
    private Optional<Credentials> credentials(String profile, String userName, String typed) throws Exception {
        if (!typed.isEmpty()) {
            return Optional.of(new Credentials(userName, typed));
        }
        Optional<ConnectionProfile> stored = store.get(profile);
        if (stored.isPresent() && stored.get().encryptedPassword() != null) {
            return Optional.of(new Credentials(
                    userName, new String(vault.decrypt(profile, stored.get().encryptedPassword()))));
        }
        return Optional.empty();
    }

    private void persist() throws Exception {
        String profile = name.get();
        String typed = password.get();
        String sealed = null;
        if (remember.get()) {
            if (!typed.isEmpty()) {
                sealed = vault.encrypt(profile, typed.toCharArray());
            } else {
                sealed = store.get(profile)
                        .map(ConnectionProfile::encryptedPassword)
                        .orElse(null);
            }
        }
        String authority = caCertificate.get().strip();
        store.save(new ConnectionProfile(
                profile, url.get().strip(), user.get().strip(), sealed, authority.isEmpty() ? null : authority));
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty url() {
        return url;
    }

    public StringProperty user() {
        return user;
    }

    public StringProperty password() {
        return password;
    }

    /** The PEM file of the cluster's certificate authority (blank: the JDK's public ones). */
    public StringProperty caCertificate() {
        return caCertificate;
    }

    public BooleanProperty remember() {
        return remember;
    }

    /** "kept, encrypted" when the selected profile has a stored password. */
    public ReadOnlyStringProperty storedPassword() {
        return storedPassword.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty error() {
        return error.getReadOnlyProperty();
    }
}
