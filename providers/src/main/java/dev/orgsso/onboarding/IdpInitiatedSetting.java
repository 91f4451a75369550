package dev.orgsso.onboarding;

import dev.orgsso.core.ApiError;
import dev.orgsso.core.AppLogin;
import dev.orgsso.core.Audience;
import java.util.function.Function;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

/**
 * Whether a SAML IdP's sign-in may start at the customer's portal (IdP-initiated), and which app it lands
 * in: off unless asked for; the app must be one of the IdP's audience with a login of its own (the landing
 * is that app's login link, so the app signs the user in by its own OIDC login).
 */
final class IdpInitiatedSetting {

    private IdpInitiatedSetting() {
    }

    /**
     * The app to land in, or null for off: the wish when one is sent, else the setting kept from before.
     *
     * @param apps the audience of each app that has a login start, null for anything else
     */
    static String app(String previous, SsoRequest.IdpInitiated wish, Audience audience, Function<String, Audience> apps) {
        if (wish != null && !wish.enabled()) {
            return null;
        }
        String app = wish == null ? previous : wish.app() != null ? wish.app() : firstApp(audience, apps);
        if (app == null) {
            return null;
        }
        Audience appAudience = apps.apply(app);
        if (appAudience == null) {
            throw new OnboardingRefused(ApiError.IDP_INITIATED_INVALID, "\"idpInitiated.app\" \"" + app
                    + "\" is not an app of this realm with a login of its own; name one of " + SsoView.APPS + ".");
        }
        if (appAudience != audience) {
            throw new OnboardingRefused(ApiError.IDP_INITIATED_INVALID, "\"idpInitiated.app\" \"" + app + "\" is an app for "
                    + appAudience.value() + ", and this IdP signs in " + audience.value() + ".");
        }
        return app;
    }

    /** The realm's apps that may be landed in, by client id. */
    static Function<String, Audience> apps(RealmModel realm) {
        return clientId -> {
            ClientModel client = realm.getClientByClientId(clientId);
            return client == null || !client.isEnabled() || AppLogin.start(client) == null ? null : Audience.of(client);
        };
    }

    private static String firstApp(Audience audience, Function<String, Audience> apps) {
        return SsoView.APPS.stream().filter(app -> apps.apply(app) == audience).findFirst()
                .orElseThrow(() -> new OnboardingRefused(ApiError.IDP_INITIATED_INVALID,
                        "No app for " + audience.value() + " to land in; name one in \"idpInitiated.app\"."));
    }
}
