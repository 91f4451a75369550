<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("orgssoSignupCodeBodyHtml", code, minutes, realmName))?no_esc}
</@layout.emailLayout>
