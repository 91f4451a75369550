package dev.orgsso.core;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * People an organisation provisions through SCIM: their account exists before their first sign-in, the
 * organisation vouched for it (a managed member with a verified email), and their first sign-in through
 * that organisation's IdP links to it instead of being refused as a duplicate email.
 */
public final class Provisioned {

    /** User attribute: the account was made (or taken over) by the organisation's SCIM client. */
    public static final String ATTRIBUTE = "orgsso.scim.provisioned";
    /** User attribute: the SCIM client's id for the person (Entra's objectId or mailNickname, Okta's id). */
    public static final String EXTERNAL_ID = "orgsso.scim.externalId";
    /** Auth note: the provisioned account this first sign-in links to (its id). */
    public static final String LINK_NOTE = "orgsso.scim.link";

    private Provisioned() {
    }

    public static boolean is(UserModel user) {
        return "true".equals(user.getFirstAttribute(ATTRIBUTE));
    }

    /**
     * The provisioned account of this organisation that a first sign-in through its IdP belongs to: the one
     * whose external id is the IdP's stable subject, else the one with this email; never an account of
     * another organisation or one the organisation did not provision.
     */
    public static Optional<UserModel> accountFor(KeycloakSession session, OrganizationModel org, String subject, String email) {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        var realm = session.getContext().getRealm();
        if (subject != null) {
            Optional<UserModel> bySubject = session.users().searchForUserByUserAttributeStream(realm, EXTERNAL_ID, subject)
                    .filter(u -> is(u) && orgs.isManagedMember(org, u)).findFirst();
            if (bySubject.isPresent()) {
                return bySubject;
            }
        }
        UserModel byEmail = email == null ? null : session.users().getUserByEmail(realm, email.strip());
        return byEmail != null && is(byEmail) && orgs.isManagedMember(org, byEmail) ? Optional.of(byEmail) : Optional.empty();
    }
}
