package dev.orgsso.it;

import dev.orgsso.it.pages.Browser;
import dev.orgsso.it.pages.IdpLoginPage;
import dev.orgsso.it.pages.LoginPage;
import dev.orgsso.testkit.OrgSsoStack;
import dev.orgsso.testkit.SamlCustomerIdp;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;

/** A browser's way through a SAML sign-in at {@link SamlCustomerIdp}: the help desk's pages, the IdP's form, its POST back. */
final class SamlSignIn {

    private SamlSignIn() {
    }

    /** main-app's "Log in with SSO", the organisation typed, then the user signs in at the SAML IdP. */
    static <P> P viaOrganisation(Browser b, OrgSsoStack stack, String orgAlias, String email, Function<Browser, P> next) {
        IdpLoginPage idp = b.open(stack.app().loginUrl("main-app"), LoginPage::new).logInWithSso().enter(orgAlias, IdpLoginPage::new)
                .assertAt(stack.keycloak().baseUrl() + "/realms/" + SamlCustomerIdp.REALM + "/");
        return idp.signIn(email, SamlCustomerIdp.PASSWORD, pastPostForm(next));
    }

    /**
     * The IdP answers through Keycloak's "Authenticating..." page that posts the assertion onwards by
     * script; it has the title element of every themed page, so the next page object waits until the
     * browser has left the IdP realm and no POST form is showing.
     */
    static <P> Function<Browser, P> pastPostForm(Function<Browser, P> next) {
        return pastPostForm(SamlCustomerIdp.REALM, next);
    }

    /** As {@link #pastPostForm(Function)} for a SAML IdP of another realm (the demo's acme-idp). */
    static <P> Function<Browser, P> pastPostForm(String realm, Function<Browser, P> next) {
        String idpRealm = "/realms/" + realm + "/";
        return b -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (b.url().contains(idpRealm) || b.has(By.name("saml-post-binding"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("still at the SAML POST form: " + b.url());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return next.apply(b);
        };
    }
}
