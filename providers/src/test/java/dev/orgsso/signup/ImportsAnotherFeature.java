package dev.orgsso.signup;

import dev.orgsso.handoff.RemoteLogin;

/** Test fixture for ArchitectureTest: a sign-up class that uses the handoff feature, which the package rule refuses. */
final class ImportsAnotherFeature {

    Class<?> uses() {
        return RemoteLogin.class;
    }
}
