package dev.orgsso.onboarding;

import dev.orgsso.core.AdminGate;
import dev.orgsso.core.ApiError;
import dev.orgsso.core.Decision;
import dev.orgsso.core.IdpType;
import dev.orgsso.core.OnboardingEvent;
import dev.orgsso.core.OrganisationAlias;
import dev.orgsso.core.SamlVendor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * {@code /realms/{realm}/orgsso/admin/organizations/{alias}/sso}: onboard an organisation's IdP in one
 * call (PUT creates or updates the IdP of the body's type), read it back, remove it. The IdP's discovery
 * document is fetched and checked before anything is written; a bad locator is a 400 that changes nothing.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SsoAdminResource {

    private static final Logger LOG = Logger.getLogger(SsoAdminResource.class);
    private static final String SAML_SUFFIX = "-saml";

    private final KeycloakSession session;
    private final String alias;
    private final FederationSettings settings;

    public SsoAdminResource(KeycloakSession session, String alias, FederationSettings settings) {
        this.session = session;
        this.alias = alias;
        this.settings = settings;
    }

    @GET
    public Response get() {
        AdminGate.requireManageRealm(session);
        SsoOnboarding onboarding = new SsoOnboarding(session);
        OrganizationModel org = onboarding.organization(alias).orElse(null);
        if (org == null) {
            return error(Response.Status.NOT_FOUND, ApiError.ORGANIZATION_NOT_FOUND, "Organization \"" + alias + "\" does not exist.");
        }
        RealmModel realm = session.getContext().getRealm();
        return Response.ok(Map.of("organization", alias,
                "identityProviders", onboarding.idps(org).map(idp -> SsoView.of(session, org, idp)).toList(),
                "checkup", onboarding.allIdps(org).map(idp -> IdpCheckup.of(realm, org, idp)).toList())).build();
    }

    /**
     * Body: {@code type} (entra|okta|jumpcloud|oidc), {@code clientId}, {@code clientSecret}, the type's locator
     * ({@code tenant} for Entra, {@code issuer} for Okta and OIDC), optional {@code clientSecretExpiresAt}
     * (a date), {@code audience} (users|agents), {@code enabled}, and {@code organization} {name, domains} to
     * create a missing organisation in the same call. With {@code "protocol": "saml"}: {@code type}
     * (entra|okta|jumpcloud|saml) and {@code metadataUrl} or {@code metadataXml} instead of the OIDC fields.
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response save(Map<String, Object> body) {
        AdminAuth caller = AdminGate.requireManageRealm(session);
        try {
            SsoOnboarding onboarding = new SsoOnboarding(session);
            if (onboarding.organization(alias).isEmpty() && !OrganisationAlias.valid(alias)) {
                // An organisation the page could never find: refused before anything is created.
                return error(Response.Status.BAD_REQUEST, ApiError.ALIAS_INVALID, "\"" + alias + "\" cannot be an organisation's alias: "
                        + OrganisationAlias.RULE);
            }
            SsoOnboarding.Result result = onboarding.save(alias, SsoRequest.from(body), settings);
            OrganizationModel org = onboarding.organization(alias).orElseThrow();
            OnboardingEvent.record(session, caller, result.created() ? OperationType.CREATE : OperationType.UPDATE,
                    result.created() ? Decision.SSO_ONBOARDED.code() : Decision.SSO_UPDATED.code(), org, "identity-providers", result.idp().getAlias());
            LOG.infof("orgsso onboarding: realm=%s organization=%s idp=%s %s", session.getContext().getRealm().getName(),
                    alias, result.idp().getAlias(), result.created() ? "created" : "updated");
            return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
                    .entity(SsoView.of(session, org, result.idp())).build();
        } catch (OnboardingRefused e) {
            session.getTransactionManager().setRollbackOnly();
            return error(Response.Status.BAD_REQUEST, e.code(), e.getMessage());
        } catch (SsoOnboarding.NotFound e) {
            return error(Response.Status.NOT_FOUND, ApiError.ORGANIZATION_NOT_FOUND, e.getMessage());
        } catch (ModelException e) {
            session.getTransactionManager().setRollbackOnly();
            return error(Response.Status.BAD_REQUEST, ApiError.INVALID, e.getMessage());
        }
    }

    @DELETE
    @Path("{type}")
    public Response remove(@PathParam("type") String type) {
        AdminAuth caller = AdminGate.requireManageRealm(session);
        SsoOnboarding onboarding = new SsoOnboarding(session);
        OrganizationModel org = onboarding.organization(alias).orElse(null);
        // {type} is an OIDC type (entra) or a SAML one with its protocol (entra-saml), as in the IdP's alias.
        IdpType idpType = IdpType.ofConfig(type);
        SamlVendor samlVendor = type.endsWith(SAML_SUFFIX) ? SamlVendor.ofConfig(type.substring(0, type.length() - SAML_SUFFIX.length())) : null;
        String idpAlias = org == null ? null : idpType != null ? idpType.alias(org.getId())
                : samlVendor != null ? samlVendor.alias(org.getId()) : null;
        if (idpAlias == null || !onboarding.remove(org, idpAlias)) {
            return error(Response.Status.NOT_FOUND, ApiError.NOT_FOUND, "Organization \"" + alias + "\" has no " + type + " IdP.");
        }
        OnboardingEvent.record(session, caller, OperationType.DELETE, Decision.SSO_REMOVED.code(), org, "identity-providers", idpAlias);
        return Response.noContent().build();
    }

    private static Response error(Response.Status status, ApiError code, String message) {
        return code.answer(status, message);
    }

    private static Response error(Response.Status status, String code, String message) {
        return ApiError.answer(status, code, message);
    }
}
