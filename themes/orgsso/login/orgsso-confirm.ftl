<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
<!-- template: orgsso-confirm.ftl -->
    <#if section = "header">
        ${msg(orgssoConfirm.title)}
    <#elseif section = "form">
        <div id="kc-form">
          <div id="kc-form-wrapper">
            <p id="orgsso-confirm-question">${msg(orgssoConfirm.question, orgssoConfirm.current, orgssoConfirm.next)}</p>
            <form id="orgsso-confirm-form" class="${properties.kcFormClass!}" action="${orgssoConfirm.action}" method="post">
                <#list orgssoConfirm.fields as name, value>
                    <input type="hidden" name="${name}" value="${value}"/>
                </#list>
                <div class="${properties.kcFormGroupClass!}">
                    <button type="submit" id="orgsso-confirm-yes"
                            class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">${msg(orgssoConfirm.yes, orgssoConfirm.next)}</button>
                </div>
            </form>
            <p class="orgsso-sso-entry"><a id="orgsso-confirm-no" href="${orgssoConfirm.noUrl}">${msg(orgssoConfirm.no, orgssoConfirm.current)}</a></p>
          </div>
        </div>
    </#if>
</@layout.registrationLayout>
