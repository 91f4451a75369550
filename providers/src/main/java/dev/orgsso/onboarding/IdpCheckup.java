package dev.orgsso.onboarding;

import dev.orgsso.core.Audience;
import dev.orgsso.core.DomainOwnership;
import dev.orgsso.core.FederatedIdp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * What is misconfigured on each IdP of an organisation, however it was made, in the admin's words. The
 * pack enforces its rules at sign-in regardless (see {@link OrganisationIdpRules}); this says why a
 * sign-in was refused and what to change.
 */
final class IdpCheckup {

    private IdpCheckup() {
    }

    static Map<String, Object> of(RealmModel realm, OrganizationModel org, IdentityProviderModel idp) {
        List<String> problems = new ArrayList<>();
        if (!FederatedIdp.runsPackSignup(realm, idp)) {
            problems.add("First sign-ups would skip the pack's sign-up (emailed code, duplicate-email refusal), so they are refused:"
                    + " set its first login flow to '" + FederatedIdp.FIRST_LOGIN_FLOW + "', or leave it empty to use the realm's default.");
        }
        if (!Boolean.TRUE.equals(idp.isHideOnLogin())) {
            problems.add("'Hide on login page' is off: Keycloak would show it as a button to every customer (the pack hides it;"
                    + " turn the switch on to match).");
        }
        if (Boolean.TRUE.equals(idp.isTrustEmail())) {
            problems.add("'Trust email' is on: new accounts skip the emailed code, whatever the IdP says about the address.");
        }
        if (idp.getConfig() == null || idp.getConfig().get(Audience.ATTRIBUTE) == null) {
            problems.add("No audience ('" + Audience.ATTRIBUTE + "'): it signs in end users only.");
        }
        if (!DomainOwnership.allowsOtherDomains(org) && org.getDomains().noneMatch(d -> d.isVerified())) {
            problems.add("The organisation has no verified domain, so this IdP can sign in nobody: add and verify its domains.");
        }
        if (!idp.isEnabled()) {
            problems.add("Disabled: the organisation page does not offer it.");
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alias", idp.getAlias());
        view.put("providerId", idp.getProviderId());
        view.put("madeByPack", new FederatedIdp(idp).madeByPack());
        view.put("problems", problems);
        return view;
    }
}
