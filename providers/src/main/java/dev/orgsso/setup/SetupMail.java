package dev.orgsso.setup;

import dev.orgsso.core.FederatedIdp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.light.LightweightUserAdapter;

/**
 * The mail that brings a setup link to the organisation's IT contact: the invitation when the vendor
 * names a contact, the renewal before the client secret expires. Through Keycloak's email templates
 * (theme {@code orgsso}, en/de) and the realm's SMTP settings.
 */
final class SetupMail {

    static final String TEMPLATE = "orgsso-setup-link.ftl";
    private static final Logger LOG = Logger.getLogger(SetupMail.class);

    private SetupMail() {
    }

    /** @return whether the mail went out (a broken SMTP server is logged, the link still works) */
    static boolean send(KeycloakSession session, OrganizationModel org, SetupLink link, String url, Long daysLeft) {
        RealmModel realm = session.getContext().getRealm();
        // The contact has no account: the template's "user" is a transient stand-in with their address.
        UserModel recipient = new LightweightUserAdapter(session, realm, "orgsso-setup-" + link.id());
        recipient.setEmail(link.contact());
        String realmName = realm.getDisplayName() == null ? realm.getName() : realm.getDisplayName();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("organization", org.getName());
        attributes.put("product", realmName);
        // Not "url": Keycloak's email provider puts its own URL bean under that name.
        attributes.put("setupUrl", url);
        attributes.put("renewal", link.purpose() == SetupLink.Purpose.RENEWAL);
        // A SAML connection's renewal is of its signing certificate, not of a client secret.
        IdentityProviderModel idp = link.idpAlias() == null ? null : session.identityProviders().getByAlias(link.idpAlias());
        boolean certificate = idp != null && new FederatedIdp(idp).samlVendor() != null;
        attributes.put("certificate", certificate);
        // -1: a renewal the vendor sent by hand, not counted down to a date.
        attributes.put("daysLeft", daysLeft == null ? -1 : daysLeft);
        attributes.put("expiresAt", Instant.ofEpochSecond(link.expiresAt()).atZone(ZoneOffset.UTC).toLocalDate().toString());
        String subject = link.purpose() != SetupLink.Purpose.RENEWAL ? "orgssoSetupInviteSubject"
                : certificate ? "orgssoSetupCertificateRenewalSubject" : "orgssoSetupRenewalSubject";
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(recipient)
                    .send(subject, List.of(realmName, org.getName()), TEMPLATE, attributes, link.contact());
            return true;
        } catch (EmailException e) {
            LOG.warnf(e, "orgsso setup link: could not mail link %s of organization %s", link.id(), org.getAlias());
            return false;
        }
    }
}
