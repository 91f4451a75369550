package dev.orgsso.setup;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.locale.LocaleUpdaterProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The setup pages: one template of the pack's login theme ({@value #TEMPLATE}, en/de, no JavaScript
 * needed) fed a model under {@code setup}. The token is in every URL of these pages, so they are never
 * cached and never send a referrer (not even to the IdP the test sign-in goes to).
 */
final class SetupPage {

    static final String TEMPLATE = "orgsso-setup.ftl";
    static final String LOCALE_PARAM = "kc_locale";

    private SetupPage() {
    }

    static Response render(KeycloakSession session, Response.Status status, Map<String, Object> model, String error, Object... params) {
        keepChosenLanguage(session);
        LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class).setAttribute("setup", model);
        if (error != null) {
            forms.setError(error, params);
        }
        return privately(forms.setStatus(status).createForm(TEMPLATE));
    }

    /** No cache, no referrer: for every answer that carries the token. */
    static Response privately(Response response) {
        return Response.fromResponse(response)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    /** The language the IT admin picked (Keycloak's switcher adds kc_locale) stays for the next pages. */
    private static void keepChosenLanguage(KeycloakSession session) {
        String chosen = session.getContext().getUri().getQueryParameters().getFirst(LOCALE_PARAM);
        if (chosen != null && session.getContext().getRealm().getSupportedLocalesStream().anyMatch(chosen::equals)) {
            // For this page (Keycloak's selector reads it outside an authentication session), and the next ones.
            session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, chosen);
            session.getProvider(LocaleUpdaterProvider.class).updateLocaleCookie(chosen);
        }
    }
}
