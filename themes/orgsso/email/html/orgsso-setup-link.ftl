<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if renewal?? && renewal>
${kcSanitize(msg((certificate!false)?then("orgssoSetupCertificateRenewalBody", "orgssoSetupRenewalBody") + "Html", product, organization, setupUrl, expiresAt, daysLeft))?no_esc}
<#else>
${kcSanitize(msg("orgssoSetupInviteBodyHtml", product, organization, setupUrl, expiresAt))?no_esc}
</#if>
</@layout.emailLayout>
