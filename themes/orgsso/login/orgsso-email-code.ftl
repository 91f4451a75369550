<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: orgsso-email-code.ftl -->
    <#if section = "header">
        ${msg("orgssoCodeTitle")}
    <#elseif section = "form">
        <div id="kc-form">
          <div id="kc-form-wrapper">
            <p id="orgsso-code-sent-to">${msg("orgssoCodeSentTo", orgssoEmail!'')}</p>
            <form id="orgsso-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
                <@field.input name="code" label=msg("orgssoCodeLabel") autofocus=true autocomplete="one-time-code" />
                <@buttons.actionGroup>
                    <@buttons.button id="orgsso-code-submit" name="verify" label="orgssoCodeSubmit"/>
                </@buttons.actionGroup>
            </form>
            <form id="orgsso-code-resend-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <@buttons.actionGroup>
                    <@buttons.button id="orgsso-code-resend" name="resend" label="orgssoCodeResend" type="secondary"/>
                </@buttons.actionGroup>
            </form>
          </div>
        </div>
    </#if>
</@layout.registrationLayout>
