<#ftl output_format="plainText">
<#if renewal?? && renewal>
${msg((certificate!false)?then("orgssoSetupCertificateRenewalBody", "orgssoSetupRenewalBody"), product, organization, setupUrl, expiresAt, daysLeft)}
<#else>
${msg("orgssoSetupInviteBody", product, organization, setupUrl, expiresAt)}
</#if>
