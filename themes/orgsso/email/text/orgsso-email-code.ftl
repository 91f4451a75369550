<#ftl output_format="plainText">
${msg("orgssoSignupCodeBody", code, minutes, realmName)}
