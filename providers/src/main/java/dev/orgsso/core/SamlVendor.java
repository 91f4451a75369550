package dev.orgsso.core;

import java.util.Locale;

/**
 * The kinds of customer SAML IdP the pack onboards, with the attributes each vendor releases under its
 * own names. The IdP alias is {@code {type}-saml-{organizationId}}, so the type reads back from every
 * alias the pack created. The principal is a stable attribute where the vendor has one (Entra's object
 * id never changes, its UPN and email do), else the persistent NameID: never an email or a display name.
 */
public enum SamlVendor {

    ENTRA("Microsoft Entra ID",
            "http://schemas.microsoft.com/identity/claims/objectidentifier",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
            "In Entra ID add an Enterprise application > Create your own > non-gallery, choose SAML single sign-on, "
                    + "enter the Identifier (Entity ID) and the Reply URL (ACS URL), keep the default claims "
                    + "(emailaddress, givenname, surname, objectidentifier) and assign the users or groups."),
    OKTA("Okta", null, "email", "firstName", "lastName",
            "Create a SAML 2.0 App Integration in Okta: Single sign-on URL = the ACS URL (use it for Recipient and "
                    + "Destination), Audience URI = the SP entity id, Name ID format Persistent, attribute statements "
                    + "email = user.email, firstName = user.firstName, lastName = user.lastName; assign the users or groups."),
    JUMPCLOUD("JumpCloud", null, "email", "firstName", "lastName",
            "Add a Custom SAML App in JumpCloud SSO: SP Entity ID and ACS URL as given, SAMLSubject NameID format "
                    + "persistent, sign the assertion, user attributes email, firstName and lastName; bind the user groups."),
    SAML("SAML 2.0", null, "email", "firstName", "lastName",
            "Register a SAML 2.0 service provider with the SP entity id and the ACS URL (HTTP-POST), or import the SP "
                    + "metadata URL; sign assertions, send a persistent NameID and the attributes email, firstName and lastName.");

    /** SAML's persistent NameID format: an opaque, stable identifier per service provider. */
    public static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

    private final String label;
    private final String principalAttribute;
    private final String emailAttribute;
    private final String givenNameAttribute;
    private final String surnameAttribute;
    private final String setup;

    SamlVendor(String label, String principalAttribute, String emailAttribute, String givenNameAttribute,
               String surnameAttribute, String setup) {
        this.label = label;
        this.principalAttribute = principalAttribute;
        this.emailAttribute = emailAttribute;
        this.givenNameAttribute = givenNameAttribute;
        this.surnameAttribute = surnameAttribute;
        this.setup = setup;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** The attribute that names the user for good, or null when the persistent NameID does. */
    public String principalAttribute() {
        return principalAttribute;
    }

    public String emailAttribute() {
        return emailAttribute;
    }

    public String givenNameAttribute() {
        return givenNameAttribute;
    }

    public String surnameAttribute() {
        return surnameAttribute;
    }

    /** The NameID format the pack asks for: persistent for every vendor it knows (all four support it). */
    public String nameIdFormat() {
        return PERSISTENT;
    }

    public String setup() {
        return setup;
    }

    public String alias(String organizationId) {
        return value() + "-saml-" + organizationId;
    }

    /** The type of a SAML IdP the pack created, from its config; {@code null} for any other IdP. */
    public static SamlVendor ofConfig(String value) {
        if (value == null) {
            return null;
        }
        for (SamlVendor vendor : values()) {
            if (vendor.value().equals(value)) {
                return vendor;
            }
        }
        return null;
    }

    /** What an admin typed as a SAML type (any case, spaces around); null when it names none. */
    public static SamlVendor parse(String value) {
        return ofConfig(value == null ? null : value.strip().toLowerCase(Locale.ROOT));
    }
}
