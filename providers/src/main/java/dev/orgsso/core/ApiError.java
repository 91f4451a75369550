package dev.orgsso.core;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** How the pack's admin APIs say no: a JSON body {@code {"error": code, "error_description": message}}, as OAuth does. */
public final class ApiError {

    private ApiError() {
    }

    public static Response answer(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", code, "error_description", message)).build();
    }
}
