package dev.orgsso.core;

import java.util.List;
import java.util.Locale;

/**
 * The kinds of customer IdP the pack onboards. The IdP alias is {@code {type}-{organizationId}}, so
 * the type can be read back from every alias the pack created.
 */
public enum IdpType {

    ENTRA("Microsoft Entra ID", List.of("openid", "email", "profile"),
            List.of("email", "given_name", "family_name"),
            "Register a web app in Entra ID, add the redirect URI under Authentication > Web, create a client secret, "
                    + "and under Token configuration add the optional ID-token claims email, given_name and family_name."),
    OKTA("Okta", List.of("openid", "email", "profile"), List.of(),
            "Create an OIDC Web Application in Okta with the Authorization Code grant, add the redirect URI as "
                    + "Sign-in redirect URI and assign the users or groups who may use the help desk."),
    JUMPCLOUD("JumpCloud", List.of("openid", "email", "profile"), List.of(),
            "Add a Custom OIDC App in JumpCloud SSO, set the redirect URI, choose client_secret_post, "
                    + "include the standard scopes email and profile, and bind the user groups."),
    OIDC("OpenID Connect", List.of("openid", "email", "profile"), List.of(),
            "Register a confidential client with the Authorization Code flow and the redirect URI; "
                    + "release the email, given_name and family_name claims.");

    private final String label;
    private final List<String> scopes;
    private final List<String> optionalClaims;
    private final String setup;

    IdpType(String label, List<String> scopes, List<String> optionalClaims, String setup) {
        this.label = label;
        this.scopes = scopes;
        this.optionalClaims = optionalClaims;
        this.setup = setup;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    public List<String> scopes() {
        return scopes;
    }

    public List<String> optionalClaims() {
        return optionalClaims;
    }

    public String setup() {
        return setup;
    }

    /** The type of an IdP the pack created, from its config; {@code null} for any other IdP. */
    public static IdpType ofConfig(String value) {
        if (value == null) {
            return null;
        }
        for (IdpType type : values()) {
            if (type.value().equals(value)) {
                return type;
            }
        }
        return null;
    }

    /** What an admin typed as a type (any case, spaces around); null when it names none. */
    public static IdpType parse(String value) {
        return ofConfig(value == null ? null : value.strip().toLowerCase(Locale.ROOT));
    }

    public String alias(String organizationId) {
        return value() + "-" + organizationId;
    }
}
