package dev.orgsso.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgsso.core.OrganisationLookup;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.util.JsonSerialization;

/**
 * {@code /realms/{realm}/orgsso/scim/{organizationAlias}/v2}: SCIM 2.0 (RFC 7643/7644) for one
 * organisation, what Entra calls "Tenant URL" and Okta "SCIM connector base URL". Every request needs a
 * bearer token of that organisation ({@link ScimTokens}); whatever is wrong is answered as RFC 7644 §3.12
 * says, and a refused change changes nothing (the request's transaction is rolled back).
 */
public final class ScimResource {

    static final String MEDIA_TYPE = "application/scim+json";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 200;

    private static final Logger LOG = Logger.getLogger(ScimResource.class);

    private final KeycloakSession session;
    private final String alias;

    public ScimResource(KeycloakSession session, String alias) {
        this.session = session;
        this.alias = alias;
    }

    static String baseUrl(KeycloakSession session, OrganizationModel org) {
        return UriBuilder.fromUri(session.getContext().getUri().getBaseUri()).path("realms").path(session.getContext().getRealm().getName())
                .path("orgsso").path("scim").path(org.getAlias()).path("v2").build().toString();
    }

    // ---- Users

    @GET
    @Path("Users")
    public Response users(@QueryParam("filter") String filter, @QueryParam("startIndex") Integer startIndex,
                          @QueryParam("count") Integer count) {
        return answer(() -> list(users().list(filter, start(startIndex), count(count))));
    }

    @POST
    @Path("Users")
    public Response createUser(InputStream body) {
        return answer(() -> created(users().create(ScimBody.read(body))));
    }

    @GET
    @Path("Users/{id}")
    public Response user(@PathParam("id") String id) {
        return answer(() -> ok(users().get(id)));
    }

    @PUT
    @Path("Users/{id}")
    public Response replaceUser(@PathParam("id") String id, InputStream body) {
        return answer(() -> ok(users().replace(id, ScimBody.read(body))));
    }

    @PATCH
    @Path("Users/{id}")
    public Response patchUser(@PathParam("id") String id, InputStream body) {
        return answer(() -> ok(users().patch(id, ScimBody.read(body))));
    }

    @DELETE
    @Path("Users/{id}")
    public Response deleteUser(@PathParam("id") String id) {
        return answer(() -> {
            users().delete(id);
            return Response.noContent().build();
        });
    }

    // ---- Groups

    @GET
    @Path("Groups")
    public Response groups(@QueryParam("filter") String filter, @QueryParam("startIndex") Integer startIndex,
                           @QueryParam("count") Integer count) {
        return answer(() -> list(groupStore().list(filter, start(startIndex), count(count))));
    }

    @POST
    @Path("Groups")
    public Response createGroup(InputStream body) {
        return answer(() -> created(groupStore().create(ScimBody.read(body))));
    }

    @GET
    @Path("Groups/{id}")
    public Response group(@PathParam("id") String id) {
        return answer(() -> ok(groupStore().get(id)));
    }

    @PUT
    @Path("Groups/{id}")
    public Response replaceGroup(@PathParam("id") String id, InputStream body) {
        return answer(() -> ok(groupStore().replace(id, ScimBody.read(body))));
    }

    @PATCH
    @Path("Groups/{id}")
    public Response patchGroup(@PathParam("id") String id, InputStream body) {
        return answer(() -> ok(groupStore().patch(id, ScimBody.read(body))));
    }

    @DELETE
    @Path("Groups/{id}")
    public Response deleteGroup(@PathParam("id") String id) {
        return answer(() -> {
            groupStore().delete(id);
            return Response.noContent().build();
        });
    }

    // ---- What the service offers (RFC 7644 §4)

    @GET
    @Path("ServiceProviderConfig")
    public Response serviceProviderConfig() {
        return answer(() -> ok(ScimSchemas.serviceProviderConfig(base(authenticate().org()))));
    }

    @GET
    @Path("ResourceTypes")
    public Response resourceTypes() {
        return answer(() -> {
            String base = base(authenticate().org());
            return ok(ScimSchemas.listOf(ScimSchemas.resourceTypes(base)));
        });
    }

    @GET
    @Path("Schemas")
    public Response schemas() {
        return answer(() -> {
            authenticate();
            return ok(ScimSchemas.listOf(ScimSchemas.schemas()));
        });
    }

    // ---- plumbing

    private ScimUsers users() {
        ScimTokens.Authenticated auth = authenticate();
        return new ScimUsers(ScimScope.of(session, auth.org(), auth.tokenId(), base(auth.org())));
    }

    private ScimGroups groupStore() {
        ScimTokens.Authenticated auth = authenticate();
        return new ScimGroups(ScimScope.of(session, auth.org(), auth.tokenId(), base(auth.org())));
    }

    /** The bearer token must be a live token of the organisation the URL names. */
    private ScimTokens.Authenticated authenticate() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        ScimTokens.Authenticated auth = new ScimTokens(session).authenticate(bearer).orElse(null);
        OrganizationModel named = OrganisationLookup.byAlias(session, alias);
        if (auth == null || named == null || !named.getId().equals(auth.org().getId())) {
            throw ScimException.unauthorized("A bearer token of this organisation is required.");
        }
        session.getContext().setOrganization(auth.org());
        return auth;
    }

    private String base(OrganizationModel org) {
        return baseUrl(session, org);
    }

    private Response answer(Supplier<Response> action) {
        try {
            return action.get();
        } catch (ScimException e) {
            session.getTransactionManager().setRollbackOnly();
            Response.ResponseBuilder r = Response.status(e.status()).type(MEDIA_TYPE).entity(json(e.body()));
            if (e.status() == 401) {
                r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + session.getContext().getRealm().getName() + "\"");
            }
            if (e.status() >= 500) {
                LOG.warnf("orgsso scim: %s", e.getMessage());
            }
            return r.build();
        }
    }

    private static Response ok(Object entity) {
        return Response.ok(json(entity)).type(MEDIA_TYPE).build();
    }

    private static Response created(ObjectNode resource) {
        return Response.created(URI.create(resource.path("meta").path("location").asText())).type(MEDIA_TYPE).entity(json(resource)).build();
    }

    /** Written here: the server's JSON writers are not bound to application/scim+json. */
    private static String json(Object entity) {
        try {
            return JsonSerialization.writeValueAsString(entity);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response list(ScimPage page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schemas", List.of(LIST_SCHEMA));
        body.put("totalResults", page.total());
        body.put("startIndex", page.startIndex());
        body.put("itemsPerPage", page.resources().size());
        body.put("Resources", page.resources());
        return ok(body);
    }

    private static int start(Integer startIndex) {
        return startIndex == null || startIndex < 1 ? 1 : startIndex;
    }

    private static int count(Integer count) {
        return count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
    }
}
