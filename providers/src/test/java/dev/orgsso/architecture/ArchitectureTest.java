package dev.orgsso.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;

/**
 * The package rule of docs/architecture.md: features depend on the shared words ({@code core}) and the
 * authenticator bases, not on each other, except where the coupling is real; the root resource
 * ({@code web}) depends on features and nothing depends on it. A new package must be placed here.
 */
class ArchitectureTest {

    static final String ROOT = "dev.orgsso";
    static final List<String> SHARED = List.of("core", "authenticator");
    static final List<String> FEATURES = List.of("audience", "orglogin", "signup", "handoff", "federation", "onboarding",
            "secretexpiry", "events", "setup", "scim");
    /**
     * Real feature couplings: an organisation that signs in by handoff is sent to its remote login by the
     * organisation page; a setup link's pages run the onboarding (one path for every check of a
     * connection); an expiry warning mails the organisation's IT contact a renewal link, and the expiry check refreshes
     * SAML certificates through the onboarding's own metadata checks.
     */
    static final Map<String, Set<String>> ALLOWED = Map.of("orglogin", Set.of("handoff"), "setup", Set.of("onboarding"),
            "secretexpiry", Set.of("setup", "onboarding"));
    static final String WEB = "web";

    static final JavaClasses PACK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    static ArchRule packageRule() {
        List<ArchRule> rules = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (String p : SHARED) {
            known.add(pkg(p));
        }
        for (String p : FEATURES) {
            known.add(pkg(p));
        }
        known.add(pkg(WEB));
        rules.add(classes().that().resideInAPackage(ROOT + "..").should().resideInAnyPackage(known.toArray(String[]::new))
                .because("every package is either shared words, a feature or the root resource (ArchitectureTest lists them)"));
        List<String> notShared = new ArrayList<>(FEATURES);
        notShared.add(WEB);
        for (String shared : SHARED) {
            rules.add(noClasses().that().resideInAPackage(pkg(shared)).should().dependOnClassesThat()
                    .resideInAnyPackage(pkgs(notShared)).because("the shared words know no feature").allowEmptyShould(true));
        }
        for (String feature : FEATURES) {
            List<String> others = new ArrayList<>(FEATURES);
            others.remove(feature);
            others.removeAll(ALLOWED.getOrDefault(feature, Set.of()));
            others.add(WEB);
            rules.add(noClasses().that().resideInAPackage(pkg(feature)).should().dependOnClassesThat()
                    .resideInAnyPackage(pkgs(others))
                    .because("features depend on core and the authenticator bases, not on each other").allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules);
    }

    @Test
    void featuresDependOnTheSharedWordsNotOnEachOther() {
        assertTrue(PACK.size() > 80, "the pack's classes were imported: " + PACK.size());
        packageRule().check(PACK);
    }

    /** The rule is not vacuous: it sees the pack's classes and refuses a feature that imports another. */
    @Test
    void theRuleFailsWhenAFeatureImportsAnother() throws ClassNotFoundException {
        JavaClasses violating = new ClassFileImporter().importClasses(
                Class.forName("dev.orgsso.signup.ImportsAnotherFeature"), dev.orgsso.handoff.RemoteLogin.class);
        EvaluationResult result = packageRule().evaluate(violating);
        assertTrue(result.hasViolation(), "signup importing handoff must be refused");
        assertTrue(result.getFailureReport().toString().contains("ImportsAnotherFeature"));

        JavaClasses allowed = new ClassFileImporter().importClasses(
                Class.forName("dev.orgsso.orglogin.OrganisationLoginAuthenticator"), dev.orgsso.handoff.RemoteLogin.class);
        assertFalse(packageRule().evaluate(allowed).hasViolation(), "orglogin -> handoff is the one real coupling");
    }

    /** Every provider factory of the pack is registered (generated from @AutoService), under every SPI it implements. */
    @Test
    void everyFactoryIsRegistered() throws IOException {
        Set<String> registered = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (JavaClass c : PACK) {
            if (!c.isAssignableTo(ProviderFactory.class) || c.getModifiers().contains(JavaModifier.ABSTRACT)
                    || c.isInterface() || c.isNestedClass()) {
                continue;
            }
            boolean found = false;
            for (JavaClass spi : c.getAllRawInterfaces()) {
                if (!spi.getPackageName().startsWith("org.keycloak") || !spi.isAssignableTo(ProviderFactory.class)) {
                    continue;
                }
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/services/" + spi.getName())) {
                    if (in != null && new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().anyMatch(c.getName()::equals)) {
                        found = true;
                        registered.add(c.getName());
                    }
                }
            }
            if (!found) {
                missing.add(c.getName());
            }
        }
        assertTrue(missing.isEmpty(), "factories without a registration (add @AutoService): " + missing);
        assertTrue(registered.size() >= 15, "the pack's factories were found: " + registered);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    private static String[] pkgs(List<String> names) {
        return names.stream().map(ArchitectureTest::pkg).toArray(String[]::new);
    }
}
