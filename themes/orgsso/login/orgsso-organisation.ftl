<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('organization'); section>
<!-- template: orgsso-organisation.ftl -->
    <#if section = "header">
        ${msg("orgssoOrgTitle")}
    <#elseif section = "form">
        <div id="kc-form">
          <div id="kc-form-wrapper">
            <#if orgssoChoice??>
                <p id="orgsso-choose-hint">${msg("orgssoChooseIdp", orgssoChoice.organization)}</p>
                <form id="orgsso-choose" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                    <input type="hidden" name="organization" value="${orgssoChoice.organization}"/>
                    <#list orgssoChoice.choices as c>
                        <div class="${properties.kcFormGroupClass!}">
                            <button type="submit" name="idp" value="${c.alias}" id="orgsso-idp-${c.alias}"
                                    class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}">${c.displayName}</button>
                        </div>
                    </#list>
                </form>
            <#else>
                <#if orgssoRemembered??>
                    <form id="orgsso-remembered" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                        <input type="hidden" name="organization" value="${orgssoRemembered}"/>
                        <@buttons.actionGroup>
                            <button type="submit" id="orgsso-continue" name="continue"
                                    class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg("orgssoContinueWith", orgssoRemembered)}</button>
                        </@buttons.actionGroup>
                    </form>
                    <h2 class="pf-v5-c-title pf-m-md" id="orgsso-use-another">${msg("orgssoUseAnother")}</h2>
                </#if>
                <form id="orgsso-organisation-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
                    <@field.input name="organization" label=msg("orgssoOrgLabel") value=orgssoTyped!'' autofocus=!orgssoRemembered?? autocomplete="organization" />
                    <p class="orgsso-hint" id="orgsso-organisation-hint">${msg("orgssoOrgHint")}</p>
                    <@buttons.actionGroup>
                        <@buttons.button id="orgsso-submit" name="login" label="orgssoContinue" type=orgssoRemembered???then("secondary", "primary")/>
                    </@buttons.actionGroup>
                </form>
            </#if>
            <#if orgssoPasswordAllowed!false>
                <p class="orgsso-sso-entry"><a id="orgsso-password-instead" href="${url.loginRestartFlowUrl}">${msg("orgssoPasswordInstead")}</a></p>
            </#if>
          </div>
        </div>
    </#if>
</@layout.registrationLayout>
