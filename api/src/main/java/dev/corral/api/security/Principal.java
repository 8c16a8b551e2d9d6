package dev.corral.api.security;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who a certificate of the cluster's authority speaks for: the role (organisation {@code
 * corral:ROLE}) and the name (common name). A node's agent and instance process are {@code
 * node/NAME} and may act only on that node's objects; the control plane is {@code
 * control-plane/control-plane}; an operator's client is {@code admin/NAME}.
 */
public record Principal(Role role, String name) {
    public enum Role {
        CONTROL_PLANE,
        NODE,
        ADMIN;

        String organisation() {
            return "corral:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Role ofOrganisation(String organisation) {
            for (Role role : values()) {
                if (role.organisation().equals(organisation)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("not a Corral role: " + organisation);
        }
    }

    public Principal {
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(
                    "a principal's name must be a DNS-style name (lower case, digits, '-', '.'): " + name);
        }
    }

    public static Principal node(String name) {
        return new Principal(Role.NODE, name);
    }

    public static Principal controlPlane() {
        return new Principal(Role.CONTROL_PLANE, "control-plane");
    }

    public static Principal admin(String name) {
        return new Principal(Role.ADMIN, name);
    }

    /** The X.500 name written into a certificate. */
    String distinguishedName() {
        return "CN=" + name + ",O=" + role.organisation();
    }

    /** The principal a certificate issued by the cluster's authority names. */
    public static Principal of(X509Certificate certificate) {
        String cn = null;
        String o = null;
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                switch (rdn.getType().toUpperCase(Locale.ROOT)) {
                    case "CN" -> cn = String.valueOf(rdn.getValue());
                    case "O" -> o = String.valueOf(rdn.getValue());
                    default -> {}
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("unreadable certificate subject", e);
        }
        if (cn == null || o == null) {
            throw new IllegalArgumentException("a Corral certificate names CN and O; this one is "
                    + certificate.getSubjectX500Principal().getName());
        }
        return new Principal(Role.ofOrganisation(o), cn);
    }

    @Override
    public String toString() {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-') + "/" + name;
    }
}
