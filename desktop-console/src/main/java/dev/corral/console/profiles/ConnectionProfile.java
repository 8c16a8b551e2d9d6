package dev.corral.console.profiles;

import java.util.regex.Pattern;

/**
 * A cluster the console can connect to: a name, the API's URL, the user, the password encrypted by
 * {@link SecretVault} (null when it is not kept), and the PEM file of the cluster's certificate
 * authority that an https API's certificate must come from (null: the JDK's public authorities).
 */
public record ConnectionProfile(String name, String url, String user, String encryptedPassword, String caCertificate) {
    public ConnectionProfile(String name, String url, String user, String encryptedPassword) {
        this(name, url, user, encryptedPassword, null);
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** The reason {@code name} cannot name a profile, or empty. */
    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "a profile needs a name";
        }
        return NAME.matcher(name).matches()
                ? ""
                : "profile names are letters, digits, '.', '_' and '-', starting with a letter or digit (at most 63)";
    }

    @Override
    public String toString() {
        return "ConnectionProfile[" + name + ", " + url + ", user=" + user + ", password="
                + (encryptedPassword == null ? "not kept" : "kept, encrypted")
                + (caCertificate == null ? "" : ", ca=" + caCertificate) + "]";
    }
}
