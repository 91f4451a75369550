<#ftl output_format="plainText">
<#if renewal?? && renewal>
${msg("orgssoSetupRenewalBody", product, organization, setupUrl, expiresAt, daysLeft)}
<#else>
${msg("orgssoSetupInviteBody", product, organization, setupUrl, expiresAt)}
</#if>
