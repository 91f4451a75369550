package dev.orgsso.scim;

import dev.orgsso.scim.ResourceSchema.Attribute;

/**
 * A PATCH {@code path} (RFC 7644 §3.5.2: {@code attrPath / valuePath [subAttr]}) read against the resource's
 * schema. Keycloak's SCIM core parses filters but not this path form outside its own resource model ({@code Path}
 * needs a {@code ModelSchema}), so the few forms are split here and only the bracket's filter goes to the parser.
 * {@code filter} is null without brackets; {@code sub} is null for the whole attribute.
 */
record PatchPath(Attribute attribute, ScimFilter filter, Attribute sub) {

    static PatchPath parse(ResourceSchema schema, String written) {
        String path = written.strip();
        String extension = ResourceSchema.ENTERPRISE_SCHEMA + ":";
        if (path.regionMatches(true, 0, extension, 0, extension.length())) {
            // urn:…:enterprise:2.0:User:department — the URN is the attribute, the rest its sub-attribute.
            Attribute enterprise = schema.attribute(ResourceSchema.ENTERPRISE_SCHEMA)
                    .orElseThrow(() -> ScimException.invalidPath("'%s' is not an attribute of this resource".formatted(written)));
            Attribute sub = enterprise.sub(path.substring(extension.length()))
                    .orElseThrow(() -> ScimException.invalidPath("'%s' is not an attribute of this resource".formatted(written)));
            return new PatchPath(enterprise, null, sub);
        }
        if (path.regionMatches(true, 0, schema.urn() + ":", 0, schema.urn().length() + 1)) {
            path = path.substring(schema.urn().length() + 1);
        }
        int open = path.indexOf('[');
        String name;
        String filter = null;
        String sub = null;
        if (open >= 0) {
            int close = path.lastIndexOf(']');
            String rest = close > open ? path.substring(close + 1) : null;
            if (rest == null || !(rest.isEmpty() || (rest.startsWith(".") && rest.length() > 1))) {
                throw ScimException.invalidPath("'%s' is not a path: attribute[filter] or attribute[filter].sub".formatted(written));
            }
            name = path.substring(0, open);
            filter = path.substring(open + 1, close);
            sub = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int dot = path.indexOf('.');
            name = dot < 0 ? path : path.substring(0, dot);
            sub = dot < 0 ? null : path.substring(dot + 1);
        }
        Attribute attribute = schema.attribute(name)
                .orElseThrow(() -> ScimException.invalidPath("'%s' is not an attribute of this resource".formatted(written)));
        Attribute subAttribute = sub == null ? null : attribute.sub(sub)
                .orElseThrow(() -> ScimException.invalidPath("'%s' is not an attribute of this resource".formatted(written)));
        if (filter == null) {
            return new PatchPath(attribute, null, subAttribute);
        }
        if (!attribute.multiValued()) {
            throw ScimException.invalidPath("'%s': only a multi-valued attribute takes a [filter]".formatted(written));
        }
        try {
            return new PatchPath(attribute, ScimFilter.parse(filter, attribute.subNames()), subAttribute);
        } catch (ScimException e) {
            throw ScimException.invalidPath("'%s': %s".formatted(written, e.getMessage()));
        }
    }
}
