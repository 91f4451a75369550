package dev.orgsso.orglogin;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.utils.FormMessage;

/** The themed "Enter your organisation" page (orgsso-organisation.ftl) in its states. */
final class OrganisationPage {

    static final String TEMPLATE = "orgsso-organisation.ftl";
    static final String FIELD = "organization";

    private final AuthenticationFlowContext context;
    private final OrganisationLoginConfig config;

    OrganisationPage(AuthenticationFlowContext context, OrganisationLoginConfig config) {
        this.context = context;
        this.config = config;
    }

    /** The question, optionally offering the remembered organisation. */
    Response ask(String remembered) {
        return form(null, remembered).createForm(TEMPLATE);
    }

    /** The question again with what was typed and why it did not work. */
    Response retry(String typed, String messageKey, String shownName) {
        LoginFormsProvider form = form(typed, null);
        form.addError(new FormMessage(FIELD, messageKey, shownName));
        return form.createForm(TEMPLATE);
    }

    /** The organisation offers several IdPs: the user picks one of *its* IdPs. */
    Response choose(String alias, List<IdentityProviderModel> idps) {
        List<Map<String, String>> choices = idps.stream()
                .map(i -> Map.of("alias", i.getAlias(),
                        "displayName", i.getDisplayName() == null || i.getDisplayName().isBlank() ? i.getAlias() : i.getDisplayName()))
                .toList();
        return form(alias, null).setAttribute("orgssoChoice", Map.of("organization", alias, "choices", choices)).createForm(TEMPLATE);
    }

    private LoginFormsProvider form(String typed, String remembered) {
        LoginFormsProvider form = context.form();
        form.setAttribute("orgssoTyped", typed == null ? "" : typed);
        if (remembered != null) {
            form.setAttribute("orgssoRemembered", remembered);
        }
        form.setAttribute("orgssoPasswordAllowed", config.mode() == OrganisationLoginConfig.Mode.BUTTON);
        return form;
    }
}
