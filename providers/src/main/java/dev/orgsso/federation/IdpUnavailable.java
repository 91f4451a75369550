package dev.orgsso.federation;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.HttpHostConnectException;

/** A customer's IdP did not answer in time, could not be reached, or has as many calls in flight as it may. */
final class IdpUnavailable extends RuntimeException {

    enum Problem {
        /** The node already has the IdP's limit of calls in flight (the bulkhead is full). */
        BUSY,
        /** The IdP accepted the connection but did not answer within the read timeout. */
        TIMEOUT,
        /** No connection within the connect timeout, or none at all. */
        UNREACHABLE;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Problem problem;

    IdpUnavailable(Problem problem, Throwable cause) {
        super(problem.code(), cause, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    /** What an I/O failure of a call to the IdP means for the user; null when it is not about availability. */
    static IdpUnavailable of(IOException e) {
        if (e instanceof ConnectTimeoutException || e instanceof ConnectionPoolTimeoutException || e instanceof ConnectException
                || e instanceof HttpHostConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException) {
            return new IdpUnavailable(Problem.UNREACHABLE, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException || e instanceof NoHttpResponseException) {
            return new IdpUnavailable(Problem.TIMEOUT, e);
        }
        return null;
    }

    /** The unavailability somewhere in a failure's causes (Keycloak wraps what the provider throws), or null. */
    static IdpUnavailable in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IdpUnavailable u) {
                return u;
            }
            if (t instanceof IOException io && of(io) != null) {
                return of(io);
            }
        }
        return null;
    }
}
