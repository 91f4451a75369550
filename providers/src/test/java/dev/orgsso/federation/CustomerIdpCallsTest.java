package dev.orgsso.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.http.conn.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.IdentityBrokerException;

/** The pure parts of calling a customer's IdP: the bulkhead, what a failure means, what a refused exchange says. */
class CustomerIdpCallsTest {

    @Test
    void theBulkheadRefusesAtOnceBeyondItsLimitAndPerIdp() {
        Bulkhead bulkhead = new Bulkhead(2);
        Bulkhead.Permit a = bulkhead.enter("slow");
        Bulkhead.Permit b = bulkhead.enter("slow");
        IdpUnavailable busy = assertThrows(IdpUnavailable.class, () -> bulkhead.enter("slow"));
        assertEquals(IdpUnavailable.Problem.BUSY, busy.problem());
        // Another customer's IdP has its own limit.
        try (Bulkhead.Permit other = bulkhead.enter("healthy")) {
            assertEquals(1, bulkhead.inFlight("healthy"));
        }
        assertEquals(0, bulkhead.inFlight("healthy"));
        a.close();
        bulkhead.enter("slow").close();
        b.close();
        assertEquals(0, bulkhead.inFlight("slow"));
    }

    @Test
    void timeoutsAndRefusedConnectionsAreUnavailabilityOtherFailuresAreNot() {
        assertEquals(IdpUnavailable.Problem.TIMEOUT, IdpUnavailable.of(new SocketTimeoutException("Read timed out")).problem());
        assertEquals(IdpUnavailable.Problem.UNREACHABLE, IdpUnavailable.of(new ConnectTimeoutException("connect timed out")).problem());
        assertEquals(IdpUnavailable.Problem.UNREACHABLE, IdpUnavailable.of(new ConnectException("Connection refused")).problem());
        assertNull(IdpUnavailable.of(new IOException("the JWKS endpoint answered HTTP 500")));
        // Keycloak wraps what the provider throws; the cause chain still says it.
        IdpUnavailable inner = new IdpUnavailable(IdpUnavailable.Problem.TIMEOUT, null);
        assertSame(inner, IdpUnavailable.in(new IdentityBrokerException("Could not fetch attributes from userinfo endpoint.", inner)));
        assertEquals(IdpUnavailable.Problem.TIMEOUT,
                IdpUnavailable.in(new RuntimeException(new SocketTimeoutException("Read timed out"))).problem());
        assertNull(IdpUnavailable.in(new IdentityBrokerException("token signature validation failed")));
    }

    @Test
    void aRefusedClientSecretIsReadFromTheFirstAnswer() {
        assertEquals("AADSTS7000222", ClientSecretRejection.of(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000222: The provided client secret keys for app 'x' are expired.\"}"));
        assertEquals("AADSTS7000215", ClientSecretRejection.of(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}"));
        assertEquals("invalid_client", ClientSecretRejection.of(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}"));
        // Anything else is not about our secret: a used or wrong code, a server error, a body that is not JSON.
        assertNull(ClientSecretRejection.of(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The code is unknown\"}"));
        assertNull(ClientSecretRejection.of(500, "<html>Internal Server Error</html>"));
        assertNull(ClientSecretRejection.of(400, "[\"invalid_client\"]"));
        assertNull(ClientSecretRejection.of(200, "{\"error\":\"invalid_client\"}"));
        assertNull(ClientSecretRejection.of(401, ""));
    }
}
